#!/usr/bin/env bash
# Components from an OCI registry, end to end, against a local docker-registry on 127.0.0.1:
# push the fibo activity, run a server whose obelisk.toml names it with location.oci (which writes
# obelisk.lock), run a fibo workflow; stop the registry; run again with --locked from the cache.
# Needs: docker-registry on PATH, `npm ci` done (bin/obelisk.js and examples/fibo/dist built).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OBELISK=(node "$ROOT/bin/obelisk.js")
WORK="$(mktemp -d -t obelisk-oci-demo-XXXXXX)"
REGISTRY_PID=""
SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [[ -n "$REGISTRY_PID" ]] && kill "$REGISTRY_PID" 2>/dev/null && wait "$REGISTRY_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$WORK/cache" NO_COLOR=1

wait_for() { # file pattern
  for _ in $(seq 1 600); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for /$2/ in $1:" >&2
  cat "$1" >&2
  return 1
}

echo "== start docker-registry on 127.0.0.1 (temp storage, free port)"
cat >"$WORK/registry.yml" <<YAML
version: 0.1
log: { level: info, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $WORK/registry-data } }
http: { addr: 127.0.0.1:0, secret: demo-secret }
YAML
docker-registry serve "$WORK/registry.yml" >"$WORK/registry.log" 2>&1 &
REGISTRY_PID=$!
wait_for "$WORK/registry.log" 'listening on 127\.0\.0\.1:[0-9]+'
REGISTRY="$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$WORK/registry.log" | head -1 | sed 's/listening on //')"
REF="$REGISTRY/examples/fibo-activity:1.0.0"
echo "registry: $REGISTRY (pid $REGISTRY_PID)"

echo "== obelisk component push examples/fibo/dist/activity.wasm $REF"
"${OBELISK[@]}" component push "$ROOT/examples/fibo/dist/activity.wasm" "$REF"

cat >"$WORK/obelisk.toml" <<TOML
api.listening_addr = "127.0.0.1:0"
database.sqlite.file = "data/obelisk.sqlite"
wasm.cache_directory = "oci-cache"

[[activity_wasm]]
name = "fibo-activity"
location.oci = "$REF"

[[workflow]]
name = "fibo-workflow"
location.path = "$ROOT/examples/fibo/dist/workflow.wasm"
TOML
echo "== obelisk.toml"
cat "$WORK/obelisk.toml"

run_fibo() { # label, extra server args...
  local label="$1"
  shift
  echo "== obelisk server run $* ($label)"
  (cd "$WORK" && exec "${OBELISK[@]}" server run "$@") >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  wait_for "$WORK/server.log" 'obelisk server listening on http://127\.0\.0\.1:[0-9]+'
  local url
  url="$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$WORK/server.log" | head -1 | sed 's/listening on //')"
  grep -E 'wrote|not checked|component' "$WORK/server.log" | sed 's/^/  server: /'
  echo "== obelisk execution submit --follow testing:fibo-workflow/workflow.fiboa '[10, 20]'"
  "${OBELISK[@]}" execution submit --follow --api-url "$url" testing:fibo-workflow/workflow.fiboa '[10, 20]'
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}

run_fibo "first run: resolves the tag, pulls, writes obelisk.lock"
echo "== obelisk.lock"
cat "$WORK/obelisk.lock"

echo "== stop the registry (pid $REGISTRY_PID)"
kill "$REGISTRY_PID"
wait "$REGISTRY_PID" 2>/dev/null || true
REGISTRY_PID=""
if curl -s -o /dev/null "http://$REGISTRY/v2/"; then echo "registry still answers" >&2; exit 1; fi
echo "registry is down: http://$REGISTRY/v2/ refuses connections"

run_fibo "registry stopped: locked digests from the cache" --locked
echo "== done"
