/**
 * @module Keep a long stream's memory flat. Bytes that stream through a door become garbage at once,
 * but the collector schedules itself by heap size, and the warmed rule engine makes the heap look big,
 * so a 1 GiB body can pile up hundreds of MB of dead buffers before a collection. Every
 * NUDGE_EVERY_BYTES streamed (all doors together) a collection runs. The cost is a short pause per
 * 8 MiB streamed; the gain is a bounded footprint whatever the body size.
 */

/** Streamed bytes between two collection requests. */
export const NUDGE_EVERY_BYTES = 2 * 1024 * 1024;
/**
 * Every this many nudges the collection is a full one, run at once. Measured (512 MiB of text through
 * the Bun.serve reverse proxy, binary, response scanning on): 8 MiB → peak RSS ~175 MB; 4 MiB → 167 MB
 * at 59 MiB/s; 2 MiB → 155 MB at 54 MiB/s; 1 MiB → 148 MB but 35 MiB/s; 1 MiB with every 4th full →
 * 163 MB. (node:http relay, older: 16 MiB / every 4th → ~380 MB; none → 840 MB.)
 */
export const FULL_EVERY_NUDGES = 1;

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
