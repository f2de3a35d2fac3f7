/**
 * @module Write a fetch()-style Response (as the web relay produced it) into a node:http
 * ServerResponse: the head, then the body — one write when it is small and of known length (the
 * relay read it whole), else chunk by chunk with backpressure (a large body passed through
 * untouched keeps its Content-Length). A body that errors mid-way (the scanner cut it, the upstream
 * reset) cuts the client connection; a client that goes away cancels the body (and with it the
 * upstream exchange).
 */
import type { ServerResponse } from "node:http";
import { drained } from "./relay-support.ts";
import { SMALL_BODY_BYTES } from "./web-relay.ts";

/** Send `response` on `res`; resolves when done or cut, never rejects. */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (res.destroyed) {
    void response.body?.cancel().catch(() => {});
    return;
  }
  if (response.body === null) {
    res.writeHead(response.status, response.statusText, headers);
    res.end();
    return;
  }
  // Small bodies of known length were read whole by the relay: send them in one write.
  const length = Number(headers["content-length"] ?? "NaN");
  if (Number.isInteger(length) && length >= 0 && length <= SMALL_BODY_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = await response.bytes();
    } catch {
      res.destroy();
      return;
    }
    headers["content-length"] = String(bytes.byteLength);
    res.writeHead(response.status, response.statusText, headers);
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, response.statusText, headers);
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once("close", onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off("close", onClose);
  }
}
