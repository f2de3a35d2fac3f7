/**
 * @module Parse a URL the way fetch does (WHATWG) and, separately, read its authority the way an
 * RFC 3986 client would, so that parser-confusion tricks (`\@`, zone ids, alternate IP spellings)
 * are seen from both sides.
 */
import { parseIpAddress } from "./ip-literal.ts";
import type { IpAddress } from "./classify-address.ts";
import { canonicalHost } from "./domain-match.ts";

export interface ParsedUrl {
  readonly url: URL;
  /** Lowercase scheme without `:`. */
  readonly scheme: string;
  /** Canonical host fetch would connect to: no brackets, no trailing dot, IPs in canonical form; "" when none. */
  readonly host: string;
  /** Set when `host` is an IP literal (in any accepted spelling). */
  readonly ip?: IpAddress;
  /** The host an RFC 3986 reader sees, when it differs from `host`. */
  readonly rawHost?: string;
  /** The host as written in the input (case kept, port and userinfo dropped); "" when none. */
  readonly writtenHost: string;
  /** Why the WHATWG parser rejected the original and how it was repaired (zone id), if it was. */
  readonly repaired?: string;
}

export type ParseResult = { readonly ok: true; readonly parsed: ParsedUrl } | { readonly ok: false; readonly reason: string };

/** Tab, CR and LF: WHATWG deletes them anywhere in the input before parsing. */
const TAB_NEWLINE = /[\t\r\n]/g;
const HAS_TAB_NEWLINE = /[\t\r\n]/;
const ZONE_ID = /\[([0-9a-fA-F:.]+)%[^\]]*\]/;
const AUTHORITY = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/;

/** Parse `raw`; never throws. */
export function parseUrl(raw: string): ParseResult {
  let url = tryUrl(raw);
  let repaired: string | undefined;
  if (!url && ZONE_ID.test(raw)) {
    url = tryUrl(raw.replace(ZONE_ID, "[$1]"));
    if (url) repaired = "IPv6 zone id in the host";
  }
  if (!url) return { ok: false, reason: "the URL cannot be parsed" };
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const host = url.hostname === "" ? "" : canonicalHost(url.hostname);
  const ip = host === "" ? undefined : parseIpAddress(host.includes(":") ? `[${host}]` : host);
  const authority = rfcAuthorityHost(raw);
  // The usual case: both parsers read the same plain host, already canonicalized above.
  const rawHost = authority === undefined ? undefined : authority === url.hostname ? host : canonicalRfcHost(authority);
  const parsed: { -readonly [K in keyof ParsedUrl]: ParsedUrl[K] } = { url, scheme, host, writtenHost: authority ?? "" };
  if (ip) parsed.ip = ip;
  if (rawHost !== undefined && rawHost !== host) parsed.rawHost = rawHost;
  if (repaired) parsed.repaired = repaired;
  return { ok: true, parsed };
}

function tryUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/**
 * The host an RFC 3986 parser takes from `scheme://authority`: the authority ends at the first
 * `/`, `?` or `#` (a backslash is an ordinary character there), userinfo ends at the last `@`.
 * A host containing a backslash or a second `@`-style remnant is returned raw (lowercased) so it
 * compares unequal to any real host.
 */
export function rfcHost(raw: string): string | undefined {
  const authority = rfcAuthorityHost(raw);
  return authority === undefined ? undefined : canonicalRfcHost(authority);
}

/** The host part of the authority as written (brackets kept, port and userinfo dropped). */
function rfcAuthorityHost(raw: string): string | undefined {
  const m = AUTHORITY.exec((HAS_TAB_NEWLINE.test(raw) ? raw.replace(TAB_NEWLINE, "") : raw).trim());
  if (!m) return undefined;
  const authority = m[1]!;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  let host: string;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    host = close < 0 ? hostPort : hostPort.slice(0, close + 1);
  } else {
    const colon = hostPort.indexOf(":");
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  }
  return host;
}

function canonicalRfcHost(host: string): string {
  if (host === "") return "";
  if (host.includes("\\")) return host.toLowerCase();
  return canonicalHost(host);
}

/** Host name shape problems a DNS name cannot have, or undefined when the name is well-formed. */
export function hostNameProblem(host: string): string | undefined {
  if (host.length > 253) return "the host name is longer than DNS allows (253)";
  const labels = host.split(".");
  for (const label of labels) {
    if (label.length === 0) return "the host name has an empty label";
    if (label.length > 63) return "a host name label is longer than DNS allows (63)";
  }
  if (!VALID_NAME.test(host)) return "the host name contains characters no DNS name can have";
  return undefined;
}

const VALID_NAME = /^[a-z0-9_.-]+$/;
