/**
 * @module Domain wildcards as the reference defines them: case-insensitive, trailing dot ignored,
 * `*.example.com` matches the apex and any depth below it, IP literals match only exactly.
 */
import { parseIpLiteral } from "./ip-literal.ts";

/** A label after IDNA: letters, digits, hyphen, underscore (seen in real DNS names). */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const PLAIN_ASCII_HOST = /^[a-z0-9._-]*$/;
/** Characters that would make the WHATWG parser read something other than a host. */
const URL_DELIMITERS = /[/\\?#@:\s]/;
const TRAILING_DOTS = /\.+$/;

export interface DomainList {
  /** The pattern that matches `host` (as written in config), or undefined. */
  match(host: string): string | undefined;
  readonly size: number;
}

/** Lowercase, unbracketed, trailing-dot-free, IDNA-encoded host; IP literals canonical. */
export function canonicalHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  let end = h.length;
  while (end > 0 && h.charCodeAt(end - 1) === 0x2e) end--;
  h = h.slice(0, end);
  const ip = parseIpLiteral(h.includes(":") ? `[${h}]` : h);
  if (ip !== undefined) return ip;
  return toAscii(h);
}

/** IDNA (punycode) form via the WHATWG host parser; the input unchanged when it cannot be parsed. */
function toAscii(host: string): string {
  if (PLAIN_ASCII_HOST.test(host) || URL_DELIMITERS.test(host)) return host;
  try {
    const h = new URL(`http://${host}/`).hostname;
    return h.endsWith(".") ? h.replace(TRAILING_DOTS, "") : h;
  } catch {
    return host;
  }
}

/** Does `host` match the wildcard `pattern`? (Uncompiled; for one-off checks.) */
export function matchDomain(host: string, pattern: string): boolean {
  if (typeof host !== "string" || typeof pattern !== "string") return false;
  const h = canonicalHost(host);
  const wildcard = pattern.trim().startsWith("*.");
  const p = canonicalHost(wildcard ? pattern.trim().slice(2) : pattern);
  if (h.length === 0 || p.length === 0) return false;
  if (h === p) return true;
  if (!wildcard || parseIpLiteral(h) !== undefined || parseIpLiteral(p) !== undefined) return false;
  return h.endsWith(`.${p}`);
}

/** Compile a list of patterns; throws TypeError naming the first invalid one. */
export function compileDomainList(patterns: readonly string[], field: string): DomainList {
  const exact = new Map<string, string>();
  const suffix = new Map<string, string>();
  for (const raw of patterns) {
    if (typeof raw !== "string") throw new TypeError(`${field}: entries must be strings`);
    const wildcard = raw.trim().startsWith("*.");
    const body = canonicalHost(wildcard ? raw.trim().slice(2) : raw);
    const ip = parseIpLiteral(body.includes(":") ? `[${body}]` : body);
    if (ip !== undefined) {
      if (wildcard) throw new TypeError(`${field}: "${raw}" puts a wildcard on an IP address`);
      exact.set(ip, raw);
      continue;
    }
    const labels = body.split(".");
    if (body.length === 0 || body.length > 253 || !labels.every((l) => l.length <= 63 && LABEL.test(l))) {
      throw new TypeError(`${field}: "${raw}" is not a domain name or "*.domain" wildcard`);
    }
    if (!exact.has(body)) exact.set(body, raw);
    if (wildcard && !suffix.has(body)) suffix.set(body, raw);
  }
  const size = patterns.length;
  return Object.freeze({
    size,
    match(host: string): string | undefined {
      if (size === 0) return undefined;
      const direct = exact.get(host); // keys are canonical: a canonical host hits without the work below
      if (direct !== undefined) return direct;
      const h = canonicalHost(host);
      const hit = exact.get(h);
      if (hit !== undefined) return hit;
      if (suffix.size === 0 || parseIpLiteral(h) !== undefined) return undefined;
      // Walk the parents: a.b.example.com → b.example.com → example.com → com.
      for (let dot = h.indexOf("."), guard = 0; dot >= 0 && guard < 128; dot = h.indexOf(".", dot + 1), guard++) {
        const parentHit = suffix.get(h.slice(dot + 1));
        if (parentHit !== undefined) return parentHit;
      }
      return undefined;
    },
  });
}
