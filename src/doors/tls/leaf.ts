/**
 * @module Per-host leaf certificates signed by the interception CA: ECDSA P-256 keys (also under an
 * RSA CA), SAN (dNSName or iPAddress), serverAuth only, validity bounded by the configured TTL and by the CA's own expiry. The host is
 * validated first: a name that is not a plain DNS name or IP literal gets no certificate.
 */
import { isIP } from "node:net";
import type { KeyObject } from "node:crypto";
import type { CertificateAuthority } from "./ca.ts";
import { CLOCK_SKEW_MS } from "./ca.ts";
import { toPem } from "./der.ts";
import { generateKeyPairAsync, keyIdentifier, spkiDer } from "./keys.ts";
import {
  authorityKeyIdExt, basicConstraintsExt, distinguishedName, KEY_USAGE, keyUsageExt, randomSerial, serverAuthExt,
  signCertificate, subjectAltNameExt, subjectKeyIdExt,
} from "./x509.ts";

/** Longest DNS name (RFC 1035) and label. */
export const MAX_DNS_NAME_CHARS = 253;
export const MAX_DNS_LABEL_CHARS = 63;
/** Default leaf lifetime (reference `cert_ttl` 24h). */
export const DEFAULT_LEAF_TTL_MS = 24 * 3_600_000;

/** An issued leaf: PEM for tls.createSecureContext plus when it stops being valid. */
export interface Leaf {
  readonly host: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly notAfter: Date;
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/**
 * Canonical form of a certificate host (lowercase, no trailing dot, brackets off an IPv6 literal),
 * or undefined when it is not a DNS name or IP address a leaf may name.
 */
export function canonicalHost(raw: string): string | undefined {
  let host = raw.trim().toLowerCase();
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0 || host.length > MAX_DNS_NAME_CHARS) return undefined;
  if (isIP(host)) return host.includes("%") ? undefined : host;
  const labels = host.split(".");
  return labels.every((l) => l.length <= MAX_DNS_LABEL_CHARS && LABEL.test(l)) ? host : undefined;
}

export interface IssueLeafOptions {
  readonly ttlMs?: number;
  readonly now?: Date;
  /** Pre-made key (tests, or reuse); a fresh key of the CA's family is generated otherwise. */
  readonly key?: { privateKey: KeyObject; publicKey: KeyObject };
}

/** Issue a leaf for `host`. @throws RangeError when the host cannot be named in a certificate. */
export async function issueLeaf(ca: CertificateAuthority, host: string, options: IssueLeafOptions = {}): Promise<Leaf> {
  const name = canonicalHost(host);
  if (!name) throw new RangeError(`cannot issue a certificate for host ${JSON.stringify(host.slice(0, 80))}`);
  const now = options.now ?? new Date();
  const ttl = options.ttlMs ?? DEFAULT_LEAF_TTL_MS;
  if (!(ttl > 0)) throw new RangeError("leaf TTL must be positive");
  const notAfter = new Date(Math.min(now.getTime() + ttl, ca.notAfter.getTime()));
  // Leaves are ECDSA P-256 whatever the CA's family: cheap to mint per host (an RSA key is ~40 ms).
  const pair = options.key ?? (await generateKeyPairAsync("ecdsa"));
  const spki = spkiDer(pair.publicKey);
  const der = signCertificate(
    {
      serial: randomSerial(),
      issuer: ca.subject,
      subject: distinguishedName({ commonName: name }),
      notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
      notAfter,
      spki,
      extensions: [
        basicConstraintsExt(false),
        keyUsageExt([KEY_USAGE.digitalSignature]),
        serverAuthExt(),
        subjectAltNameExt([name]),
        subjectKeyIdExt(keyIdentifier(spki)),
        authorityKeyIdExt(ca.keyId),
      ],
    },
    ca.key,
  );
  return { host: name, certPem: toPem("CERTIFICATE", der), keyPem: String(pair.privateKey.export({ type: "pkcs8", format: "pem" })), notAfter };
}
