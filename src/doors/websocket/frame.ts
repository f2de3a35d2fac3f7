/**
 * @module RFC 6455 frames: opcodes, close codes, encoding (masked when pipelock is the client),
 * and the close payload (code + UTF-8 reason, at most 125 bytes).
 */
import { randomBytes } from "node:crypto";

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
export type Opcode = (typeof OPCODE)[keyof typeof OPCODE];

/** Close codes pipelock sends. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005,
  invalidPayload: 1007,
  policy: 1008,
  tooBig: 1009,
  internalError: 1011,
} as const;

/** Control frames carry at most this many payload bytes. */
export const MAX_CONTROL_PAYLOAD = 125;
/** Room for a close reason after the 2-byte code. */
export const MAX_CLOSE_REASON_BYTES = MAX_CONTROL_PAYLOAD - 2;

export interface Frame {
  readonly fin: boolean;
  /** RSV1..3 as a 3-bit number (must be 0: no extension is ever negotiated). */
  readonly rsv: number;
  readonly opcode: number;
  readonly masked: boolean;
  /** Unmasked payload. */
  readonly payload: Uint8Array;
}

export const isControl = (opcode: number): boolean => (opcode & 0x8) !== 0;

/** Encode one frame; `mask` = true when pipelock speaks as the client (toward the upstream). */
export function encodeFrame(opcode: number, payload: Uint8Array, options: { fin?: boolean; mask?: boolean } = {}): Uint8Array {
  const fin = options.fin ?? true;
  const mask = options.mask ?? false;
  const len = payload.length;
  const extra = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const headerLen = 2 + extra + (mask ? 4 : 0);
  const out = new Uint8Array(headerLen + len);
  out[0] = (fin ? 0x80 : 0) | (opcode & 0x0f);
  out[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 0x10000 ? 126 : 127);
  const view = new DataView(out.buffer);
  if (extra === 2) view.setUint16(2, len);
  if (extra === 8) view.setBigUint64(2, BigInt(len));
  if (!mask) {
    out.set(payload, headerLen);
    return out;
  }
  const key = randomBytes(4);
  out.set(key, 2 + extra);
  for (let i = 0; i < len; i++) out[headerLen + i] = payload[i]! ^ key[i & 3]!;
  return out;
}

/** Truncate a reason to fit a close frame without splitting a UTF-8 sequence. */
export function fitReason(reason: string): Uint8Array {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= MAX_CLOSE_REASON_BYTES) return bytes;
  let end = MAX_CLOSE_REASON_BYTES;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

export function closePayload(code: number, reason = ""): Uint8Array {
  const r = fitReason(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(r, 2);
  return out;
}

/** Close codes a peer may send (RFC 6455 §7.4; 1012–1014 are registered since). */
export function isValidReceivedCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}

export type ParsedClose = { ok: true; code?: number; reason: string } | { ok: false; code: number; why: string };

/** Decode a received close payload: empty, or a valid code plus a UTF-8 reason. */
export function parseClosePayload(payload: Uint8Array): ParsedClose {
  if (payload.length === 0) return { ok: true, reason: "" };
  if (payload.length === 1) return { ok: false, code: CLOSE.protocolError, why: "close payload of one byte" };
  const code = (payload[0]! << 8) | payload[1]!;
  if (!isValidReceivedCloseCode(code)) return { ok: false, code: CLOSE.protocolError, why: `invalid close code ${code}` };
  try {
    return { ok: true, code, reason: new TextDecoder("utf-8", { fatal: true }).decode(payload.subarray(2)) };
  } catch {
    return { ok: false, code: CLOSE.invalidPayload, why: "close reason is not valid UTF-8" };
  }
}
