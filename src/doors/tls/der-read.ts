/**
 * @module A minimal, bounded DER reader: walks TLVs so a loaded CA certificate yields the exact
 * bytes a leaf must copy (the subject Name for the leaf's issuer, the subjectKeyIdentifier for the
 * leaf's authorityKeyIdentifier). Anything malformed throws; nothing here allocates by length.
 */

/** One decoded TLV: tag byte, where its contents start and end inside the buffer. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly headerEnd: number;
  readonly end: number;
}

/** Deepest nesting walked and most children read per node (certificates are shallow and small). */
export const MAX_DER_CHILDREN = 256;

export class DerError extends Error {
  constructor(message: string) {
    super(`DER: ${message}`);
    this.name = "DerError";
  }
}

/** Read the TLV starting at `at`, bounded by `limit`. */
export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv {
  if (at + 2 > limit) throw new DerError("truncated header");
  const tag = bytes[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not supported");
  let length = bytes[at + 1]!;
  let headerEnd = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError("unsupported length form");
    if (headerEnd + count > limit) throw new DerError("truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[headerEnd + i]!;
    headerEnd += count;
  }
  const end = headerEnd + length;
  if (end > limit) throw new DerError("value runs past its container");
  return { tag, start: at, headerEnd, end };
}

/** The children of a constructed TLV. */
export function children(bytes: Uint8Array, node: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = node.headerEnd; at < node.end; ) {
    if (out.length >= MAX_DER_CHILDREN) throw new DerError("too many children");
    const child = readTlv(bytes, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const whole = (bytes: Uint8Array, node: Tlv): Uint8Array => bytes.subarray(node.start, node.end);
export const contents = (bytes: Uint8Array, node: Tlv): Uint8Array => bytes.subarray(node.headerEnd, node.end);

/** Decode an OBJECT IDENTIFIER's contents to dotted form. */
export function decodeOid(value: Uint8Array): string {
  if (value.length === 0) throw new DerError("empty OID");
  const arcs: bigint[] = [];
  let acc = 0n;
  for (const b of value) {
    acc = (acc << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(acc);
      acc = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join(".");
}

/** The parts of a certificate a leaf issuer needs. */
export interface CertificateParts {
  /** DER of the subject Name (copied verbatim into each leaf's issuer field). */
  readonly subject: Uint8Array;
  /** DER of the SubjectPublicKeyInfo. */
  readonly spki: Uint8Array;
  /** subjectKeyIdentifier value, when the certificate carries one. */
  readonly subjectKeyId?: Uint8Array;
}

const SKI_OID = "2.5.29.14";

/** Pull subject, SPKI and SKI out of a DER certificate. @throws DerError when it is not one. */
export function certificateParts(der: Uint8Array): CertificateParts {
  const cert = readTlv(der, 0);
  if (cert.tag !== 0x30 || cert.end !== der.length) throw new DerError("not a certificate");
  const [tbs] = children(der, cert);
  if (!tbs || tbs.tag !== 0x30) throw new DerError("missing TBSCertificate");
  const fields = children(der, tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4];
  const spki = fields[offset + 5];
  if (!subject || !spki || subject.tag !== 0x30 || spki.tag !== 0x30) throw new DerError("TBSCertificate too short");
  let subjectKeyId: Uint8Array | undefined;
  const extWrapper = fields.find((f) => f.tag === 0xa3);
  if (extWrapper) {
    const [extList] = children(der, extWrapper);
    for (const ext of extList ? children(der, extList) : []) {
      const parts = children(der, ext);
      if (parts[0]?.tag !== 0x06 || decodeOid(contents(der, parts[0])) !== SKI_OID) continue;
      const value = parts[parts.length - 1]!;
      const inner = readTlv(der, value.headerEnd, value.end);
      if (inner.tag === 0x04) subjectKeyId = contents(der, inner);
    }
  }
  return { subject: whole(der, subject), spki: whole(der, spki), ...(subjectKeyId ? { subjectKeyId } : {}) };
}
