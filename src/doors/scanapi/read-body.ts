/**
 * @module Reads a request body as a stream under a hard byte cap and a time limit. The
 * Content-Length header only lets an oversize body be refused early; it is never trusted to
 * bound what is read.
 */
import { concatBytes } from "../bytes/index.ts";

/** How long a client may take to send the whole body (pipelock's read timeout). */
export const BODY_READ_TIMEOUT_MS = 2_000;

export type BodyResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly code: "body_too_large" | "read_error" };

const TIMED_OUT = Symbol("timed-out");
const DECIMAL = /^\d+$/;

/** The body's bytes, or why it was refused. Never throws. */
export async function readBodyCapped(
  request: Request,
  maxBytes: number,
  timeoutMs: number = BODY_READ_TIMEOUT_MS,
): Promise<BodyResult> {
  const declared = request.headers.get("content-length")?.trim();
  if (declared !== undefined && DECIMAL.test(declared) && Number(declared) > maxBytes) {
    void request.body?.cancel().catch(() => undefined);
    return { ok: false, code: "body_too_large" };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };

  let reader;
  try {
    reader = request.body.getReader();
  } catch {
    return { ok: false, code: "read_error" };
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === TIMED_OUT) return await refuse(reader, "read_error");
      if (next.done) break;
      const chunk = next.value;
      if (!(chunk instanceof Uint8Array)) return await refuse(reader, "read_error");
      total += chunk.byteLength;
      if (total > maxBytes) return await refuse(reader, "body_too_large");
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, code: "read_error" };
  } finally {
    clearTimeout(timer);
  }
  return { ok: true, bytes: concatBytes(chunks, total) };
}

async function refuse(
  reader: { cancel(): Promise<void> },
  code: "body_too_large" | "read_error",
): Promise<BodyResult> {
  // Do not wait for a stalled stream to acknowledge the cancel.
  void reader.cancel().catch(() => undefined);
  return { ok: false, code };
}
