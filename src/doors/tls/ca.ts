/**
 * @module The interception certificate authority: create a self-signed CA (basicConstraints CA:TRUE
 * pathlen 0, keyCertSign|cRLSign, SKI/AKI, optional nameConstraints) and load one back from PEM,
 * checking that the key matches and the certificate really is a CA.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import { certificateParts } from "./der-read.ts";
import { fromPem, toPem } from "./der.ts";
import { generateKeyPairNow, keyIdentifier, keyTypeOf, signatureAlgorithmFor, spkiDer, type KeyType } from "./keys.ts";
import {
  authorityKeyIdExt, basicConstraintsExt, distinguishedName, KEY_USAGE, keyUsageExt, nameConstraintsExt, randomSerial,
  signCertificate, subjectKeyIdExt,
} from "./x509.ts";

/** Default CA lifetime: 87,600 h (10 years), as the reference's `tls init`. */
export const DEFAULT_CA_VALIDITY_HOURS = 87_600;
/** Longest CA lifetime accepted (30 years). */
export const MAX_CA_VALIDITY_HOURS = 30 * 365 * 24;
/** How far back notBefore is set, to tolerate clock skew between pipelock and its clients. */
export const CLOCK_SKEW_MS = 60 * 60 * 1000;
const HOUR_MS = 3_600_000;

/** A loaded CA ready to sign leaves. */
export interface CertificateAuthority {
  readonly certPem: string;
  readonly certDer: Uint8Array;
  readonly key: KeyObject;
  readonly keyType: KeyType;
  /** DER subject Name, copied into each leaf's issuer. */
  readonly subject: Uint8Array;
  /** Key id copied into each leaf's authorityKeyIdentifier. */
  readonly keyId: Uint8Array;
  readonly notAfter: Date;
  readonly fingerprint256: string;
}

export interface CreateCaOptions {
  readonly keyType?: KeyType;
  readonly commonName?: string;
  readonly validityHours?: number;
  /** When set, the CA may only sign names under these DNS subtrees (nameConstraints). */
  readonly permittedDns?: readonly string[];
  readonly now?: Date;
}

/** PEM text of a new CA: certificate and PKCS#8 private key. */
export interface CaFiles {
  readonly certPem: string;
  readonly keyPem: string;
}

/** Create a new self-signed CA. */
export function createCa(options: CreateCaOptions = {}): CaFiles {
  const hours = options.validityHours ?? DEFAULT_CA_VALIDITY_HOURS;
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CA_VALIDITY_HOURS) throw new RangeError(`CA validity must be 1..${MAX_CA_VALIDITY_HOURS} hours`);
  const now = options.now ?? new Date();
  const pair = generateKeyPairNow(options.keyType ?? "ecdsa");
  const spki = spkiDer(pair.publicKey);
  const keyId = keyIdentifier(spki);
  const name = distinguishedName({ organization: "pipelock", commonName: options.commonName ?? `pipelock interception CA ${now.toISOString().slice(0, 10)}` });
  const extensions = [
    basicConstraintsExt(true, 0),
    keyUsageExt([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]),
    subjectKeyIdExt(keyId),
    authorityKeyIdExt(keyId),
    ...(options.permittedDns?.length ? [nameConstraintsExt(options.permittedDns)] : []),
  ];
  const der = signCertificate(
    {
      serial: randomSerial(),
      issuer: name,
      subject: name,
      notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
      notAfter: new Date(now.getTime() + hours * HOUR_MS),
      spki,
      extensions,
    },
    pair.privateKey,
  );
  return { certPem: toPem("CERTIFICATE", der), keyPem: String(pair.privateKey.export({ type: "pkcs8", format: "pem" })) };
}

export class CaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaError";
  }
}

/** Parse and check a CA from PEM. @throws CaError with a readable reason. */
export function loadCa(files: CaFiles, now: Date = new Date()): CertificateAuthority {
  const certDer = fromPem(files.certPem, "CERTIFICATE");
  if (!certDer) throw new CaError("CA certificate file holds no PEM CERTIFICATE block");
  let x509: X509Certificate;
  let key: KeyObject;
  try {
    x509 = new X509Certificate(certDer);
  } catch (err) {
    throw new CaError(`CA certificate does not parse: ${(err as Error).message}`);
  }
  try {
    key = createPrivateKey(files.keyPem);
  } catch (err) {
    throw new CaError(`CA key does not parse: ${(err as Error).message}`);
  }
  if (!x509.ca) throw new CaError("certificate is not a CA (basicConstraints CA:TRUE missing)");
  if (!x509.checkPrivateKey(key)) throw new CaError("CA key does not match the CA certificate");
  try {
    signatureAlgorithmFor(key);
  } catch (err) {
    throw new CaError((err as Error).message);
  }
  const notAfter = new Date(x509.validTo);
  if (!(notAfter.getTime() > now.getTime())) throw new CaError(`CA certificate expired on ${x509.validTo}`);
  const parts = certificateParts(certDer);
  return {
    certPem: toPem("CERTIFICATE", certDer),
    certDer,
    key,
    keyType: keyTypeOf(key),
    subject: parts.subject,
    keyId: parts.subjectKeyId ?? keyIdentifier(spkiDer(createPublicKey(key))),
    notAfter,
    fingerprint256: x509.fingerprint256,
  };
}
