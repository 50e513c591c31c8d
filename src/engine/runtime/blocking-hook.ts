/**
 * Runs a callback right before the guest blocks in `wasi:io/poll` `pollable.block` (e.g. a
 * sleep), so captured output written before the wait reaches the main thread without waiting
 * for the attempt to end. The generated glue calls `block()` on preview2-shim's `Pollable`
 * directly, so the hook wraps that method once, in this worker thread's own copy of the shim.
 * (`poll.poll` is wrapped per attempt in the import object instead.)
 */
import { poll } from '@bytecodealliance/preview2-shim/io';

interface PollablePrototype {
  block: (this: unknown) => void;
}

let beforeBlock: (() => void) | undefined;
let installed = false;

function install(): void {
  const prototype = (poll.Pollable as unknown as { prototype: PollablePrototype }).prototype;
  const original = prototype.block;
  prototype.block = function block(this: unknown): void {
    beforeBlock?.();
    original.call(this);
  };
  installed = true;
}

/** Sets (or clears, with `undefined`) the callback for the attempt running on this thread. */
export function setBeforeBlock(hook: (() => void) | undefined): void {
  if (!installed) {
    install();
  }
  beforeBlock = hook;
}
