#!/usr/bin/env bash
# Drives `obelisk tui` in a real terminal (a tmux pane of 80x24) against `obelisk dev --example fibo`:
# submits fiboa through the form, watches it finish in the list, opens its detail and child tree,
# cancels a long fiboa-concurrent, pauses and unpauses a fiboa, and quits. Every step reads the
# screen with `tmux capture-pane`; the screens of the submit form, the list and the detail are
# printed. Exits non-zero (printing the last screen) when a step does not show what it should.
#
#   bash test/e2e/tui-session.sh            (from the repository root, after npm run build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OBELISK=(node "$ROOT/bin/obelisk.js")
WORK="$(mktemp -d "${TMPDIR:-/tmp}/obelisk-tui-session.XXXXXX")"
SOCKET="obelisk-tui-$$"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
API="http://127.0.0.1:$PORT"
DEV_PID=""

cleanup() {
  tmux -L "$SOCKET" kill-server 2>/dev/null || true
  if [[ -n "$DEV_PID" ]]; then kill "$DEV_PID" 2>/dev/null || true; wait "$DEV_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

screen() { tmux -L "$SOCKET" capture-pane -p -t tui; }
keys() { for key in "$@"; do tmux -L "$SOCKET" send-keys -t tui "$key"; sleep 0.25; done; }
# wait_for REGEX [SECONDS]: until the screen matches (extended regex).
wait_for() {
  local deadline=$((SECONDS + ${2:-30}))
  until screen | grep -Eq -- "$1"; do
    if ((SECONDS > deadline)); then
      echo "FAILED: the screen never showed /$1/; last screen:" >&2
      screen >&2
      exit 1
    fi
    sleep 0.2
  done
  sleep 0.3
}
show() { echo "=== $1 ==="; screen; echo; }

XDG_DATA_HOME="$WORK/data" OBELISK__API__LISTENING_ADDR="127.0.0.1:$PORT" \
  "${OBELISK[@]}" dev --example fibo >"$WORK/dev.log" 2>&1 &
DEV_PID=$!
healthy() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$API/healthz"; }
for _ in $(seq 1 300); do
  healthy && break
  sleep 0.2
done
healthy || { echo "obelisk dev did not start:" >&2; cat "$WORK/dev.log" >&2; exit 1; }

tmux -L "$SOCKET" -f /dev/null new-session -d -s tui -x 80 -y 24 \
  "cd '$WORK' && ${OBELISK[*]} tui --api-url $API; echo TUI-EXITED; sleep 600"
wait_for 'obelisk · executions'

# Submit fiboa(10, 5) through the form generated from its WIT signature.
keys Tab
wait_for 'fiboa\(n: u8, iterations: u32\)'
keys Enter
wait_for 'n: ▏'
keys 1 0 Down 5
wait_for 'iterations: 5'
show 'submit form: workflow.fiboa'
keys Enter
wait_for 'result.*' 10
wait_for 'ok\(275\)' 60
FIBOA="$(screen | grep -Eo 'submitted E_[0-9A-Z]+' | head -1 | cut -d' ' -f2)"
show "detail of $FIBOA"

# It is finished in the list (esc: back to the functions, back to the list); open it again.
keys Escape Escape
wait_for 'workflow\.fiboa +finished .* ok 275'
show 'executions list'
keys Enter
wait_for "execution $FIBOA"
keys 3
wait_for 'children \(5\)'
wait_for '\.o:5_1 fibo\.fibo finished'
show 'child tree'
keys Enter
wait_for "execution $FIBOA\.o:1_1"
keys Escape Escape
wait_for 'obelisk · executions'

# Cancel a long fiboa-concurrent, after confirming.
LONG="$("${OBELISK[@]}" execution submit --api-url "$API" testing:fibo-workflow/workflow.fiboa-concurrent '[10, 500]')"
wait_for "${LONG: -9} +workflow\.fiboa-concurrent"
keys c
wait_for "cancel $LONG\? \(y/n\)"
keys y
wait_for "cancel $LONG: (requested|cancelled)"
wait_for "${LONG: -9} +workflow\.fiboa-concurrent +finished .* cancelled" 120
show 'after cancelling fiboa-concurrent'

# Pause and unpause a running fiboa.
SLOW="$("${OBELISK[@]}" execution submit --api-url "$API" testing:fibo-workflow/workflow.fiboa '[10, 400]')"
wait_for "${SLOW: -9} +workflow\.fiboa +(pending|locked|blocked)"
keys p
wait_for "$SLOW paused \(paused\)"
wait_for "${SLOW: -9} +workflow\.fiboa +paused"
"${OBELISK[@]}" execution get --api-url "$API" --json "$SLOW" | grep -q '"paused":true'
show 'paused'
keys p
wait_for "$SLOW unpaused"
wait_for "${SLOW: -9} +workflow\.fiboa +(pending|locked|blocked|finished)"

# q quits and gives the terminal back.
keys q
wait_for 'TUI-EXITED'
if screen | grep -q 'obelisk ·'; then echo 'FAILED: the TUI screen is still shown after q' >&2; exit 1; fi
echo 'tui session: all steps passed'
