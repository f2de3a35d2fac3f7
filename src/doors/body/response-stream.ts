/**
 * @module A ResponseScanner as a web stream pair (`{writable, readable}`, usable with pipeThrough).
 * Built from a WritableStream and a pull-based ReadableStream rather than a TransformStream so that
 * (1) every byte released before a block reaches the reader before the readable errors (an errored
 * stream drops its queue), (2) each write waits until the reader has taken its output (backpressure:
 * memory stays bounded), and (3) an aborted writable (upstream reset) settles the outcome as a deny.
 */
import type { ResponseScanner } from "./response-scanner.ts";

export class ResponseBlocked extends Error {
  constructor(readonly failure: string | undefined) {
    super(failure ? `response blocked: ${failure}` : "response blocked");
  }
}

export function responseScanStream(scanner: ResponseScanner): TransformStream<Uint8Array, Uint8Array> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  let drained: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const untilDrained = () => (queue.length === 0 ? Promise.resolve() : new Promise<void>((r) => (drained = r)));
  const blocked = () => scanner.settled?.decision === "deny";

  const readable = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const next = queue.shift();
          if (next !== undefined) {
            controller.enqueue(next);
            if (queue.length === 0) {
              drained?.();
              drained = undefined;
            }
            return;
          }
          if (blocked()) return controller.error(new ResponseBlocked(scanner.settled?.failure));
          if (ended) return controller.close();
          await new Promise<void>((r) => (wake = r));
        }
      },
      cancel() {
        scanner.cancel("client_closed");
        queue.length = 0;
        drained?.();
        notify();
      },
    },
    { highWaterMark: 0 },
  );

  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      queue.push(...(await scanner.write(chunk)));
      notify();
      await untilDrained();
      if (blocked()) throw new ResponseBlocked(scanner.settled?.failure);
    },
    async close() {
      queue.push(...(await scanner.end()));
      ended = true;
      notify();
      await untilDrained();
      if (blocked()) throw new ResponseBlocked(scanner.settled?.failure);
    },
    abort() {
      scanner.abort("upstream_reset");
      notify();
    },
  });

  return { readable, writable } as TransformStream<Uint8Array, Uint8Array>;
}
