/**
 * @module Read a request body completely, within a byte limit and a deadline (slow-body clients are
 * cut: reference read timeout 10 s). Over the limit → 413, too slow → 408, client gone → aborted.
 */
import type { IncomingMessage } from "node:http";
import { concatBytes } from "../bytes/index.ts";

/** Deadline for receiving a whole request body. */
export const BODY_READ_TIMEOUT_MS = 10_000;

export type ReadBodyResult =
  | { readonly ok: true; readonly body: Uint8Array | undefined }
  | { readonly ok: false; readonly code: "payload_too_large" | "request_timeout" | "bad_request"; readonly reason: string; readonly failure: string };

/** True when the request announces a body (Content-Length > 0 or Transfer-Encoding). */
export function hasBody(req: IncomingMessage): boolean {
  const te = req.headers["transfer-encoding"];
  if (te !== undefined) return true;
  const cl = req.headers["content-length"];
  return cl !== undefined && cl !== "0";
}

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number = BODY_READ_TIMEOUT_MS): Promise<ReadBodyResult> {
  if (!hasBody(req)) return Promise.resolve({ ok: true, body: undefined });
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve(tooLarge(maxBytes, declared));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: ReadBodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
      if (!r.ok) req.resume();
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) return finish(tooLarge(maxBytes, size));
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: chunks.length === 1 ? new Uint8Array(chunks[0]!) : new Uint8Array(Buffer.concat(chunks, size)) });
    const onError = (err: Error) => finish({ ok: false, code: "bad_request", reason: `the request body could not be read (${err.message})`, failure: "body_read_error" });
    const onAborted = () => finish({ ok: false, code: "bad_request", reason: "the client went away while sending the body", failure: "body_read_error" });
    const timer = setTimeout(
      () => finish({ ok: false, code: "request_timeout", reason: `the request body did not arrive within ${timeoutMs} ms (slow client)`, failure: "client_timeout" }),
      timeoutMs,
    );
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

function tooLarge(maxBytes: number, size: number): ReadBodyResult {
  return {
    ok: false,
    code: "payload_too_large",
    reason: `the request body (${size} bytes or more) is over the ${maxBytes}-byte inspection limit; pipelock does not pass what it cannot inspect`,
    failure: "body_too_large",
  };
}

/** The same for a Bun.serve Request: bounded by size and deadline; the rest is cancelled, never buffered. */
export async function readWebBody(req: Request, maxBytes: number, timeoutMs: number = BODY_READ_TIMEOUT_MS): Promise<ReadBodyResult> {
  const length = req.headers.get("content-length");
  if (req.body === null || (req.headers.get("transfer-encoding") === null && (length === null || length === "0"))) return { ok: true, body: undefined };
  const declared = Number(length ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.body.cancel().catch(() => {});
    return tooLarge(maxBytes, declared);
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (timedOut) break;
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return tooLarge(maxBytes, size);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (!timedOut) return { ok: false, code: "bad_request", reason: `the request body could not be read (${(err as Error)?.message ?? err})`, failure: "body_read_error" };
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) return { ok: false, code: "request_timeout", reason: `the request body did not arrive within ${timeoutMs} ms (slow client)`, failure: "client_timeout" };
  if (size === 0) return { ok: true, body: undefined };
  return { ok: true, body: concatBytes(chunks, size) };
}
