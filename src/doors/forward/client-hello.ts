/**
 * @module Read the SNI host name out of the first bytes a client sends in a CONNECT tunnel: TLS
 * records (type 22) carrying a ClientHello, reassembled across records up to 16 KiB. Pure parsing,
 * bounded at every length field; anything inconsistent is `malformed`.
 */

/** Largest ClientHello prefix buffered while waiting for the SNI (reference: 16 KiB). */
export const MAX_HELLO_BYTES = 16 * 1024;

export type HelloResult =
  | { readonly kind: "sni"; readonly name: string }
  | { readonly kind: "no_sni" }
  | { readonly kind: "not_tls" }
  | { readonly kind: "need_more" }
  | { readonly kind: "malformed"; readonly why: string };

const RECORD_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
const EXT_SERVER_NAME = 0;
const NAME_TYPE_HOST = 0;

/** Inspect the bytes received so far. */
export function parseClientHello(buf: Uint8Array): HelloResult {
  if (buf.length === 0) return { kind: "need_more" };
  if (buf[0] !== RECORD_HANDSHAKE) return { kind: "not_tls" };
  // Collect handshake bytes from consecutive handshake records.
  const parts: Uint8Array[] = [];
  let total = 0;
  let off = 0;
  while (off + 5 <= buf.length) {
    if (buf[off] !== RECORD_HANDSHAKE) return { kind: "malformed", why: "a non-handshake record before the ClientHello ended" };
    if (buf[off + 1] !== 3) return { kind: "malformed", why: "unknown record version" };
    const len = (buf[off + 3]! << 8) | buf[off + 4]!;
    if (len === 0 || len > MAX_HELLO_BYTES) return { kind: "malformed", why: "bad record length" };
    if (off + 5 + len > buf.length) {
      parts.push(buf.subarray(off + 5));
      total += buf.length - off - 5;
      off = buf.length;
      break;
    }
    parts.push(buf.subarray(off + 5, off + 5 + len));
    total += len;
    off += 5 + len;
    if (handshakeComplete(parts, total)) break;
  }
  const hs = concat(parts, total);
  if (hs.length < 4) return buf.length >= MAX_HELLO_BYTES ? { kind: "malformed", why: "ClientHello too large" } : { kind: "need_more" };
  if (hs[0] !== HANDSHAKE_CLIENT_HELLO) return { kind: "malformed", why: "first handshake message is not a ClientHello" };
  const bodyLen = (hs[1]! << 16) | (hs[2]! << 8) | hs[3]!;
  if (bodyLen > MAX_HELLO_BYTES) return { kind: "malformed", why: "ClientHello too large" };
  if (hs.length < 4 + bodyLen) return buf.length >= MAX_HELLO_BYTES ? { kind: "malformed", why: "ClientHello too large" } : { kind: "need_more" };
  return helloSni(hs.subarray(4, 4 + bodyLen));
}

function handshakeComplete(parts: Uint8Array[], total: number): boolean {
  if (total < 4) return false;
  const hs = concat(parts, Math.min(total, 4));
  return total >= 4 + ((hs[1]! << 16) | (hs[2]! << 8) | hs[3]!);
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!.subarray(0, total);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    const n = Math.min(p.length, total - o);
    out.set(p.subarray(0, n), o);
    o += n;
    if (o >= total) break;
  }
  return out;
}

/** Walk the ClientHello body to the server_name extension. */
function helloSni(b: Uint8Array): HelloResult {
  let p = 2 + 32; // legacy_version, random
  if (p + 1 > b.length) return bad("truncated before session id");
  p += 1 + b[p]!; // session id
  if (p + 2 > b.length) return bad("truncated before cipher suites");
  p += 2 + ((b[p]! << 8) | b[p + 1]!); // cipher suites
  if (p + 1 > b.length) return bad("truncated before compression methods");
  p += 1 + b[p]!; // compression methods
  if (p === b.length) return { kind: "no_sni" }; // no extensions at all
  if (p + 2 > b.length) return bad("truncated extensions length");
  const extEnd = p + 2 + ((b[p]! << 8) | b[p + 1]!);
  if (extEnd > b.length) return bad("extensions overrun the ClientHello");
  p += 2;
  while (p + 4 <= extEnd) {
    const type = (b[p]! << 8) | b[p + 1]!;
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    p += 4;
    if (p + len > extEnd) return bad("an extension overruns the list");
    if (type === EXT_SERVER_NAME) return serverName(b.subarray(p, p + len));
    p += len;
  }
  return { kind: "no_sni" };
}

function serverName(e: Uint8Array): HelloResult {
  if (e.length < 2) return bad("empty server_name extension");
  const listEnd = 2 + ((e[0]! << 8) | e[1]!);
  if (listEnd > e.length) return bad("server_name list overruns the extension");
  let p = 2;
  while (p + 3 <= listEnd) {
    const type = e[p]!;
    const len = (e[p + 1]! << 8) | e[p + 2]!;
    p += 3;
    if (p + len > listEnd) return bad("server name overruns the list");
    if (type === NAME_TYPE_HOST) {
      const name = new TextDecoder("ascii").decode(e.subarray(p, p + len));
      if (!/^[A-Za-z0-9._-]{1,253}$/.test(name)) return bad("server name is not a host name");
      return { kind: "sni", name: name.toLowerCase().replace(/\.$/, "") };
    }
    p += len;
  }
  return { kind: "no_sni" };
}

function bad(why: string): HelloResult {
  return { kind: "malformed", why };
}
