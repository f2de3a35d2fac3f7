/**
 * @module Wait for the agent's first bytes in a tunnel and classify them (ClientHello with or
 * without SNI, not TLS, malformed), bounded by time (reference 5 s) and by MAX_HELLO_BYTES. The
 * bytes read are returned so the relay can send them on; the socket is left paused.
 */
import type { Duplex } from "node:stream";
import { MAX_HELLO_BYTES, parseClientHello, type HelloResult } from "./client-hello.ts";

/** Time allowed for the ClientHello to arrive. */
export const HELLO_TIMEOUT_MS = 5_000;

export interface Peeked {
  readonly result: HelloResult | { readonly kind: "timeout" } | { readonly kind: "closed" };
  readonly bytes: Uint8Array;
}

export function peekClientHello(socket: Duplex, head: Uint8Array, timeoutMs: number = HELLO_TIMEOUT_MS): Promise<Peeked> {
  let buf: Buffer = head.byteLength > 0 ? Buffer.from(head) : Buffer.alloc(0);
  const now = parseClientHello(buf);
  if (now.kind !== "need_more") return Promise.resolve({ result: now, bytes: buf });
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: Peeked["result"]) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onClose);
      socket.pause();
      resolve({ result, bytes: buf });
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const r = parseClientHello(buf);
      if (r.kind !== "need_more") return finish(r);
      if (buf.length >= MAX_HELLO_BYTES) finish({ kind: "malformed", why: "no complete ClientHello within 16 KiB" });
    };
    const onClose = () => finish({ kind: "closed" });
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);
    socket.on("data", onData);
    socket.on("close", onClose);
    socket.on("error", onClose);
  });
}
