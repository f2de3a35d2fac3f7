/**
 * @module Read an upstream body for /fetch completely within a byte limit and a deadline; the fetch
 * proxy answers with extracted text, so it needs the whole (bounded) body, unlike the forward proxy.
 */
import type { IncomingMessage } from "node:http";

export type BodyRead = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly failure: "response_too_large" | "upstream_reset" | "upstream_timeout" };

export function readAll(res: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyRead) => {
      if (done) return;
      done = true;
      signal.removeEventListener("abort", onAbort);
      if (!r.ok) res.destroy();
      resolve(r);
    };
    const onAbort = () => finish({ ok: false, failure: "upstream_timeout" });
    signal.addEventListener("abort", onAbort, { once: true });
    res.on("data", (c: Buffer) => {
      size += c.byteLength;
      if (size > maxBytes) return finish({ ok: false, failure: "response_too_large" });
      chunks.push(c);
    });
    res.on("end", () => finish({ ok: true, bytes: new Uint8Array(Buffer.concat(chunks, size)) }));
    res.on("close", () => {
      if (!res.complete) finish({ ok: false, failure: "upstream_reset" });
    });
    res.on("error", () => finish({ ok: false, failure: "upstream_reset" }));
  });
}
