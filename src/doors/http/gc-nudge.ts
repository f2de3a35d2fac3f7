/**
 * @module Keep a long stream's memory flat. Bytes that stream through a door become garbage at once,
 * but the collector schedules itself by heap size, and the warmed rule engine makes the heap look big,
 * so a 1 GiB body can pile up hundreds of MB of dead buffers before a collection. Every
 * NUDGE_EVERY_BYTES streamed (all doors together) a collection is requested without waiting for it.
 */

/** Streamed bytes between two collection requests. */
export const NUDGE_EVERY_BYTES = 16 * 1024 * 1024;
/** Every this many nudges the collection is a full one, run at once (a few ms). */
export const FULL_EVERY_NUDGES = 4;

let sinceLast = 0;
let nudges = 0;

/** Count `bytes` that passed through a stream; request a collection when enough went by. */
export function noteStreamed(bytes: number): void {
  sinceLast += bytes;
  if (sinceLast < NUDGE_EVERY_BYTES) return;
  sinceLast = 0;
  nudges++;
  if (typeof Bun !== "undefined") Bun.gc(nudges % FULL_EVERY_NUDGES === 0);
}
