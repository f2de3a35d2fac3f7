/**
 * @module Line-by-line plumbing shared by the stdio transports (the wrapped server and the stdio
 * bridge): a byte stream read as bounded newline-delimited lines handled strictly one after
 * another, each handed to the guard (oversize and non-UTF-8 lines refused without buffering).
 */
import type { McpGuard } from "../inspect/index.ts";
import { LineSplitter, type Line } from "../jsonrpc/index.ts";

/** One line through the guard from `side`. */
export async function deliver(guard: McpGuard, side: "client" | "server", line: Line) {
  if (line.kind === "oversize") return guard.refuse(side, "oversize", `a line of ${line.bytes} bytes is over the limit`, line.bytes);
  if (line.kind === "invalid_utf8") return guard.refuse(side, "invalid_utf8", "a line is not valid UTF-8", line.bytes);
  return guard.receive(side, line.text, line.bytes);
}

/** Read a byte stream as bounded lines and handle them strictly one after another. */
export async function pump(source: AsyncIterable<Uint8Array | string>, maxBytes: number, handle: (line: Line) => Promise<void>): Promise<void> {
  const splitter = new LineSplitter(maxBytes);
  const encoder = new TextEncoder();
  try {
    for await (const chunk of source) {
      for (const line of splitter.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk)) await handle(line);
    }
  } catch {
    // A broken pipe ends the direction like an EOF.
  }
  for (const line of splitter.end()) await handle(line);
}

/** A reader as an async iterable (stops at the end of the stream). */
export async function* readerIterable(reader: { read(): Promise<{ done: boolean; value?: Uint8Array | undefined }> }): AsyncIterable<Uint8Array> {
  for (;;) {
    const { done, value } = await reader.read();
    if (done || value === undefined) return;
    yield value;
  }
}

/** True when `p` settles within `ms`. */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}
