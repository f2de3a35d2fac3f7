/**
 * @module Optional proxy authentication (`forward_proxy.auth`): `Proxy-Authorization: Basic` against
 * configured users or `Bearer` against configured tokens. Presented credentials are hashed and
 * compared with every configured digest in a branch-free loop (best-effort constant time: length
 * and prefix never reach the comparison, and every entry is touched whatever matched).
 */
import { createHash } from "node:crypto";

export interface ProxyAuthSettings {
  readonly users: readonly { readonly username: string; readonly password: string }[];
  readonly bearerTokens: readonly string[];
}

/** Longest Proxy-Authorization value examined. */
const MAX_CREDENTIAL_CHARS = 4096;
const DIGEST_BYTES = 32;

interface Digests {
  readonly basic: readonly Uint8Array[];
  readonly bearer: readonly Uint8Array[];
}
const cache = new WeakMap<ProxyAuthSettings, Digests>();

const sha256 = (s: string) => new Uint8Array(createHash("sha256").update(s, "utf8").digest());

function digestsOf(settings: ProxyAuthSettings): Digests {
  let d = cache.get(settings);
  if (!d) {
    d = { basic: settings.users.map((u) => sha256(`${u.username}:${u.password}`)), bearer: settings.bearerTokens.filter((t) => t.length > 0).map(sha256) };
    cache.set(settings, d);
  }
  return d;
}

/** True when no auth is configured. */
export function authRequired(settings: ProxyAuthSettings): boolean {
  return settings.users.length > 0 || settings.bearerTokens.length > 0;
}

/** Check a Proxy-Authorization value; true when auth is off or the credential matches. */
export function proxyAuthorized(header: string | undefined, settings: ProxyAuthSettings): boolean {
  if (!authRequired(settings)) return true;
  if (header === undefined || header.length > MAX_CREDENTIAL_CHARS) return false;
  const space = header.indexOf(" ");
  if (space < 0) return false;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  const digests = digestsOf(settings);
  if (scheme === "basic") {
    let decoded: string;
    try {
      decoded = Buffer.from(value, "base64").toString("utf8");
    } catch {
      return false;
    }
    return anyEqual(sha256(decoded), digests.basic);
  }
  if (scheme === "bearer") return anyEqual(sha256(value), digests.bearer);
  return false;
}

function anyEqual(candidate: Uint8Array, digests: readonly Uint8Array[]): boolean {
  let matched = 0;
  for (const d of digests) {
    let diff = 0;
    for (let i = 0; i < DIGEST_BYTES; i++) diff |= (candidate[i] ?? 0) ^ (d[i] ?? 0);
    matched |= ((diff - 1) >>> 31) & 1;
  }
  return matched === 1;
}

/** The challenge sent with 407. */
export const PROXY_AUTHENTICATE = 'Basic realm="pipelock", charset="UTF-8"';
