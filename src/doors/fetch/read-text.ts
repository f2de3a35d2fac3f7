/**
 * @module Read an upstream body for /fetch completely within a byte limit and a deadline; the fetch
 * proxy answers with extracted text, so it needs the whole (bounded) body, unlike the forward proxy.
 */
import type { PinnedResponse } from "../upstream/index.ts";
import { concatBytes } from "../bytes/index.ts";

export type BodyRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly failure: "response_too_large" | "upstream_reset" | "upstream_timeout" };

/** The whole body, or why not; a body over `maxBytes` or past the deadline aborts the exchange. */
export async function readAll(upstream: PinnedResponse, maxBytes: number, signal: AbortSignal): Promise<BodyRead> {
  const body = upstream.response.body;
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  let timedOut = false;
  const onAbort = () => {
    timedOut = true;
    upstream.abort();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        upstream.abort();
        void reader.cancel().catch(() => {});
        return { ok: false, failure: "response_too_large" };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, failure: timedOut ? "upstream_timeout" : "upstream_reset" };
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (timedOut) return { ok: false, failure: "upstream_timeout" };
  return { ok: true, bytes: concatBytes(chunks, size) };
}
