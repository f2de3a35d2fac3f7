/**
 * @module Line-by-line plumbing shared by the stdio transports (the wrapped server and the stdio
 * bridge): a byte stream read as bounded newline-delimited lines handled strictly one after
 * another, each handed to the guard (oversize and non-UTF-8 lines refused without buffering), and
 * outputs that push back. A direction takes its next line only once the guard has decided the
 * current one and what it wrote has been taken by the reader (or at least handed to the kernel), so
 * a peer that does not read makes pipelock stop reading the other side instead of buffering: at
 * most one message per direction (and READ_AHEAD_BYTES of input read ahead) waits in memory.
 *
 * Cost per line is one await on the guard and one on the source per chunk; nothing else is
 * awaited unless a reader is behind (measured cheaper than an async generator around the reader).
 * While a reader is behind, a bounded amount is read ahead so the end of the input is still noticed.
 */
import type { Delivery, McpGuard } from "../inspect/index.ts";
import { LineSplitter, type Line } from "../jsonrpc/index.ts";

/**
 * Where one side's messages go (`text` without its newline). Returns a promise when the reader is
 * behind: the direction waits for it before taking its next line. Never throws.
 */
export type LineSink = (text: string) => Promise<void> | undefined;

/** What the pump reads from: a web stream reader (`stream.getReader()`). */
export interface ChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
}

/** The parts of a node-style writable (process.stdout) a sink needs. */
export interface WritableLike {
  write(text: string): boolean;
  on(event: "drain" | "error" | "close", listener: () => void): unknown;
  removeListener(event: "drain" | "error" | "close", listener: () => void): unknown;
}

/** One line through the guard from `side` (a framing refusal is decided at once). */
export function deliver(guard: McpGuard, side: "client" | "server", line: Line): Delivery | Promise<Delivery> {
  if (line.kind === "oversize") return guard.refuse(side, "oversize", `a line of ${line.bytes} bytes is over the limit`, line.bytes);
  if (line.kind === "invalid_utf8") return guard.refuse(side, "invalid_utf8", "a line is not valid UTF-8", line.bytes);
  return guard.receive(side, line.text, line.bytes);
}

/**
 * One line from `side` through the guard, then what it decided: onward to the other side first,
 * then the answer back to the sender; resolves once both readers have taken what they were given
 * (`stalled` is called first when one of them is behind).
 */
export async function relayLine(guard: McpGuard, side: "client" | "server", line: Line, onward: LineSink, back: LineSink, stalled?: () => void): Promise<void> {
  const d = await deliver(guard, side, line);
  const forwarded = d.forward !== undefined ? onward(d.forward) : undefined;
  const answered = d.reply !== undefined ? back(d.reply) : undefined;
  if (forwarded === undefined && answered === undefined) return;
  stalled?.();
  if (forwarded !== undefined) await forwarded;
  if (answered !== undefined) await answered;
}

/**
 * How much is read ahead of a line that waits for a reader that is behind: enough to see the end
 * of the input behind a full pipe (a Linux pipe holds 64 KiB by default, 1 MiB at most), so that a
 * client closing its input is noticed even while the server is not reading.
 */
export const READ_AHEAD_BYTES = 1 << 20;

type ReadResult = { done: boolean; value?: Uint8Array | undefined };

/**
 * Read `reader` as bounded lines and handle them strictly one after another: a line waits until
 * `handle` has settled for the one before it, and the next chunk is read only then, unless the
 * handler says it is `stalled` (a reader is behind): then up to READ_AHEAD_BYTES are read ahead,
 * so the end of the stream is still seen (`onEnd`, called once). A read error ends the stream like
 * an EOF; a final line without a newline still counts.
 */
export async function pump(reader: ChunkReader, maxBytes: number, handle: (line: Line, stalled: () => void) => Promise<void>, onEnd?: () => void): Promise<void> {
  const splitter = new LineSplitter(maxBytes);
  const ahead: Uint8Array[] = [];
  let aheadBytes = 0;
  let reading: Promise<void> | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd?.();
  };
  const took = (r: ReadResult) => {
    if (r.done || r.value === undefined) return end();
    ahead.push(r.value);
    aheadBytes += r.value.length;
  };
  const readAhead = (): void => {
    if (reading !== undefined || ended || aheadBytes >= READ_AHEAD_BYTES) return;
    reading = reader.read().then(took, end).finally(() => {
      reading = undefined;
      readAhead();
    });
  };
  for (;;) {
    let chunk = ahead.shift();
    if (chunk !== undefined) aheadBytes -= chunk.length;
    else if (reading !== undefined) {
      await reading;
      continue;
    } else if (ended) break;
    else {
      // The usual path: nothing read ahead, so read straight from the source.
      let r: ReadResult;
      try {
        r = await reader.read();
      } catch {
        end(); // a broken pipe ends the direction like an EOF
        continue;
      }
      if (r.done || r.value === undefined) {
        end();
        continue;
      }
      chunk = r.value;
    }
    for (const line of splitter.push(chunk)) await handle(line, readAhead);
  }
  for (const line of splitter.end()) await handle(line, readAhead);
}

/**
 * A node-style writable as a sink, one line per write. A write the stream could not pass on at
 * once returns a promise that settles on `drain` (or when the stream fails or closes, so nothing
 * waits forever); once it has failed (the reader is gone: EPIPE) further lines are dropped.
 */
export function writableSink(w: WritableLike): LineSink {
  let broken = false;
  let behind: Promise<void> | undefined;
  const brk = () => {
    broken = true;
  };
  w.on("error", brk);
  w.on("close", brk);
  return (text) => {
    if (broken) return undefined;
    if (w.write(`${text}\n`)) return undefined;
    behind ??= new Promise<void>((resolve) => {
      const settle = () => {
        w.removeListener("drain", settle);
        w.removeListener("error", settle);
        w.removeListener("close", settle);
        behind = undefined;
        resolve();
      };
      w.on("drain", settle);
      w.on("error", settle);
      w.on("close", settle);
    });
    return behind;
  };
}

/** True when `p` settles within `ms`. */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([p.then(() => true as const, () => true as const), timeout]);
  clearTimeout(timer);
  return done;
}
