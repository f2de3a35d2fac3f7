/**
 * @module A minimal ASN.1 DER encoder: just the types an X.509 certificate needs (node:crypto signs
 * and parses certificates but cannot build one). Every function returns the complete TLV bytes.
 */
import { concatBytes } from "../bytes/index.ts";

/** Universal and context tags used by X.509. */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Longest value this encoder accepts (certificates are a few KiB; bound the length form). */
export const MAX_DER_VALUE_BYTES = 1 << 24;

function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > MAX_DER_VALUE_BYTES) throw new RangeError(`DER length out of range: ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Concatenate byte arrays. */
export const concat = (parts: readonly Uint8Array[]): Uint8Array => concatBytes(parts);

/** A TLV with an explicit tag byte and raw value bytes. */
export function tlv(tag: number, value: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), encodeLength(value.length), value]);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.sequence, concat(items));

/** SET OF: DER sorts the encoded members. */
export function set(...items: Uint8Array[]): Uint8Array {
  const sorted = [...items].sort((a, b) => Buffer.compare(a, b));
  return tlv(TAG.set, concat(sorted));
}

export const boolean = (value: boolean): Uint8Array => tlv(TAG.boolean, Uint8Array.of(value ? 0xff : 0x00));
export const nullValue = (): Uint8Array => tlv(TAG.null, new Uint8Array(0));
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes);
export const utf8String = (text: string): Uint8Array => tlv(TAG.utf8String, new TextEncoder().encode(text));

/** IA5String (ASCII only, e.g. dNSName contents). @throws on a non-ASCII character. */
export function ia5Bytes(text: string): Uint8Array {
  if (!/^[\x00-\x7f]*$/.test(text)) throw new RangeError("IA5String must be ASCII");
  return new TextEncoder().encode(text);
}

/** A non-negative INTEGER from unsigned big-endian magnitude bytes (or a small number). */
export function integer(value: number | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError("integer must be a non-negative safe integer");
    const list: number[] = [];
    for (let n = value; n > 0; n = Math.floor(n / 256)) list.unshift(n & 0xff);
    bytes = Uint8Array.from(list.length ? list : [0]);
  } else {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    bytes = value.length ? value.subarray(start) : Uint8Array.of(0);
  }
  if ((bytes[0] ?? 0) & 0x80) bytes = concat([Uint8Array.of(0), bytes]);
  return tlv(TAG.integer, bytes);
}

/** BIT STRING with `unusedBits` padding bits at the end of the last byte. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  if (unusedBits < 0 || unusedBits > 7 || (unusedBits > 0 && bytes.length === 0)) throw new RangeError("bad BIT STRING padding");
  return tlv(TAG.bitString, concat([Uint8Array.of(unusedBits), bytes]));
}

/** BIT STRING for a named-bit list (e.g. keyUsage): bit 0 is the most significant; trailing zeros dropped. */
export function namedBits(bitNumbers: readonly number[]): Uint8Array {
  const max = Math.max(...bitNumbers);
  const bytes = new Uint8Array(Math.floor(max / 8) + 1);
  for (const bit of bitNumbers) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (max & 7));
}

/** OBJECT IDENTIFIER from dotted form ("1.2.840.10045.4.3.2"). */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((a) => {
    if (!/^\d+$/.test(a)) throw new RangeError(`bad OID ${dotted}`);
    return BigInt(a);
  });
  if (arcs.length < 2 || arcs[0]! > 2n) throw new RangeError(`bad OID ${dotted}`);
  const first = arcs[0]! * 40n + arcs[1]!;
  const out: number[] = [];
  for (const arc of [first, ...arcs.slice(2)]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) group.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(TAG.oid, Uint8Array.from(out));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** RFC 5280 Time: UTCTime for 1950–2049, GeneralizedTime otherwise, always UTC with seconds. */
export function time(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.utcTime, new TextEncoder().encode(`${pad(y % 100)}${rest}`));
  if (y < 0 || y > 9999) throw new RangeError("year out of range for a certificate");
  return tlv(TAG.generalizedTime, new TextEncoder().encode(`${pad(y, 4)}${rest}`));
}

/** Context-specific constructed [n] EXPLICIT wrapper. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);
/** Context-specific primitive [n] IMPLICIT with raw contents. */
export const implicitPrimitive = (n: number, contents: Uint8Array): Uint8Array => tlv(0x80 | n, contents);
/** Context-specific constructed [n] IMPLICIT with concatenated member encodings. */
export const implicitConstructed = (n: number, contents: Uint8Array): Uint8Array => tlv(0xa0 | n, contents);

/** PEM armour for DER bytes. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64");
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with `label`, or undefined. */
export function fromPem(pem: string, label: string): Uint8Array | undefined {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")) : undefined;
}
