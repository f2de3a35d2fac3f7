/**
 * @module Build and sign X.509 v3 certificates (RFC 5280) from DER pieces: names, the extensions a
 * CA and a TLS server leaf need, random serials, and the signature over the TBSCertificate.
 */
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { randomBytes, sign, type KeyObject } from "node:crypto";
import {
  bitString, boolean, explicit, ia5Bytes, implicitConstructed, implicitPrimitive, integer, namedBits,
  octetString, oid, sequence, set, time, utf8String,
} from "./der.ts";
import { signatureAlgorithmFor } from "./keys.ts";

const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  subjectAltName: "2.5.29.17",
  extKeyUsage: "2.5.29.37",
  nameConstraints: "2.5.29.30",
  serverAuth: "1.3.6.1.5.5.7.3.1",
} as const;

/** Upper bound RFC 5280 puts on a commonName. */
export const MAX_COMMON_NAME_CHARS = 64;
/** Serial numbers: 16 random bytes (≤ 20 octets, positive). */
export const SERIAL_BYTES = 16;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/** A distinguished name with the attributes pipelock uses (CN, O). */
export function distinguishedName(parts: { commonName?: string; organization?: string }): Uint8Array {
  const rdns: Uint8Array[] = [];
  if (parts.organization) rdns.push(set(sequence(oid(OID.organization), utf8String(parts.organization))));
  if (parts.commonName) rdns.push(set(sequence(oid(OID.commonName), utf8String(parts.commonName.slice(0, MAX_COMMON_NAME_CHARS)))));
  return sequence(...rdns);
}

/** A random positive serial number. */
export function randomSerial(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(SERIAL_BYTES));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** basicConstraints: CA with an optional path length, or end entity (empty SEQUENCE). Critical. */
export function basicConstraintsExt(ca: boolean, pathLen?: number): Uint8Array {
  const body = ca ? sequence(boolean(true), ...(pathLen !== undefined ? [integer(pathLen)] : [])) : sequence();
  return extension(OID.basicConstraints, true, body);
}

export function keyUsageExt(bits: readonly number[]): Uint8Array {
  return extension(OID.keyUsage, true, namedBits(bits));
}

export const subjectKeyIdExt = (id: Uint8Array): Uint8Array => extension(OID.subjectKeyIdentifier, false, octetString(id));
export const authorityKeyIdExt = (id: Uint8Array): Uint8Array => extension(OID.authorityKeyIdentifier, false, sequence(implicitPrimitive(0, id)));
export const serverAuthExt = (): Uint8Array => extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth)));

/** One GeneralName for a host: iPAddress [7] for an IP literal, dNSName [2] otherwise. */
export function generalName(host: string): Uint8Array {
  if (isIP(host)) return implicitPrimitive(7, Uint8Array.from(ipaddr.parse(host).toByteArray()));
  return implicitPrimitive(2, ia5Bytes(host));
}

/** subjectAltName with the given hosts (critical when the subject is empty, per RFC 5280). */
export function subjectAltNameExt(hosts: readonly string[], critical = false): Uint8Array {
  return extension(OID.subjectAltName, critical, sequence(...hosts.map(generalName)));
}

/** nameConstraints permitting only the given DNS subtrees. Critical. */
export function nameConstraintsExt(permittedDns: readonly string[]): Uint8Array {
  const subtrees = permittedDns.map((d) => sequence(implicitPrimitive(2, ia5Bytes(d))));
  return extension(OID.nameConstraints, true, sequence(implicitConstructed(0, Buffer.concat(subtrees))));
}

/** Everything a certificate says, before signing. */
export interface CertificateSpec {
  readonly serial: Uint8Array;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly spki: Uint8Array;
  readonly extensions: readonly Uint8Array[];
}

/** Encode the TBSCertificate and sign it with the issuer key. Returns the certificate DER. */
export function signCertificate(spec: CertificateSpec, issuerKey: KeyObject): Uint8Array {
  if (spec.notAfter.getTime() <= spec.notBefore.getTime()) throw new RangeError("certificate validity is empty");
  const alg = signatureAlgorithmFor(issuerKey);
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(spec.serial),
    alg.identifier,
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spec.spki,
    explicit(3, sequence(...spec.extensions)),
  );
  const signature = new Uint8Array(sign(alg.hash, tbs, issuerKey));
  return sequence(tbs, alg.identifier, bitString(signature));
}
