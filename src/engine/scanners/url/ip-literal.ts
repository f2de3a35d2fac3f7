/**
 * @module IP literals in every spelling an HTTP client accepts, reduced to one canonical form.
 * IPv4 follows the WHATWG/inet_aton rules (1–4 parts, each decimal, 0-octal or 0x-hex, the last
 * part filling the remaining bytes); IPv6 may be bracketed, carry a zone id or embed dotted IPv4.
 */
import ipaddr from "ipaddr.js";
import { BoundedMemo } from "../../memo/index.ts";
import { percentDecodeFully } from "../../normalize/percent-decode.ts";

/** Longest host string we try to read as an address; anything longer is not an IP literal. */
const MAX_LITERAL_CHARS = 256;

/** Full stops other than `.` that IDNA maps to `.` (ideographic, fullwidth, halfwidth). */
const ALT_DOTS = /[\u3002\uff0e\uff61]/g;
const HEX_PART = /^0x[0-9a-f]*$/;
const OCTAL_PART = /^0[0-7]+$/;
const DECIMAL_PART = /^[0-9]+$/;
const DOTTED_TAIL = /^(.*:)((?:0|[1-9][0-9]{0,2})(?:\.(?:0|[1-9][0-9]{0,2})){3})$/;

/** Hosts whose literal form was worked out lately (pure in the host; proxy traffic repeats its hosts). */
const MAX_REMEMBERED_HOSTS = 1024;
const remembered = new BoundedMemo<string, string | null>(MAX_REMEMBERED_HOSTS);

/** Canonical dotted IPv4 or compressed IPv6 for any accepted IP literal, else undefined. */
export function parseIpLiteral(host: string): string | undefined {
  if (typeof host !== "string") return undefined;
  const known = remembered.get(host);
  if (known !== undefined) return known ?? undefined;
  const literal = parseIpAddress(host)?.toString();
  if (host.length <= MAX_LITERAL_CHARS) remembered.set(host, literal ?? null);
  return literal;
}

/** The parsed address for any accepted IP literal (zone id dropped), else undefined. */
export function parseIpAddress(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof host !== "string" || host.length === 0 || host.length > MAX_LITERAL_CHARS) return undefined;
  let text = host.trim();
  if (plainlyNotIp(text)) return undefined;
  if (text.startsWith("[")) {
    if (!text.endsWith("]")) return undefined;
    return parseIpv6(text.slice(1, -1));
  }
  if (text.includes("%")) text = percentDecodeFully(text);
  text = text.normalize("NFKC").replace(ALT_DOTS, ".").toLowerCase();
  if (text.startsWith("[") && text.endsWith("]")) return parseIpv6(text.slice(1, -1));
  if (text.includes(":")) return parseIpv6(text);
  return parseIpv4(text);
}

/**
 * True for plain ASCII host names that no spelling of an address can be: every character is ASCII,
 * none is `[`, `:` or `%` (IPv6, escapes), and one is outside the inet_aton alphabet (digits, hex
 * digits, `x`, `.`). Most real names (`api.example.com`) are rejected here without any parsing.
 */
function plainlyNotIp(text: string): boolean {
  let outside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80 || c === 0x5b || c === 0x3a || c === 0x25) return false;
    const lower = c | 0x20; // folds A–F and X onto a–f and x; no other character lands there
    if (!outside && !((c >= 0x30 && c <= 0x39) || c === 0x2e || (lower >= 0x61 && lower <= 0x66) || lower === 0x78)) outside = true;
  }
  return outside;
}

/** IPv6 text without brackets; a zone id (`%eth0`, `%25eth0`) is dropped. */
function parseIpv6(text: string): ipaddr.IPv6 | undefined {
  const zone = text.indexOf("%");
  const bare = dottedTailToHex((zone >= 0 ? text.slice(0, zone) : text).toLowerCase());
  if (bare === undefined || !ipaddr.IPv6.isValid(bare)) return undefined;
  try {
    const addr = ipaddr.IPv6.parse(bare);
    return new ipaddr.IPv6(addr.parts);
  } catch {
    return undefined;
  }
}

/**
 * Rewrite a trailing dotted quad (`::127.0.0.1`) as two hex groups (`::7f00:1`). ipaddr.js would
 * turn the deprecated IPv4-compatible form into an IPv4-mapped one; WHATWG keeps it as written.
 */
function dottedTailToHex(text: string): string | undefined {
  const m = DOTTED_TAIL.exec(text);
  if (!m) return text;
  const octets = m[2]!.split(".").map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return `${m[1]}${hex(octets[0]!, octets[1]!)}:${hex(octets[2]!, octets[3]!)}`;
}

/** inet_aton-style IPv4: `127.1`, `0x7f.1`, `2130706433`, `0177.0.0.1`, trailing dots allowed. */
function parseIpv4(text: string): ipaddr.IPv4 | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2e) end--;
  const parts = text.slice(0, end).split(".");
  if (parts.length < 1 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIpv4Number(part);
    if (n === undefined) return undefined;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return undefined;
  if (last >= 256 ** (4 - numbers.length)) return undefined;
  let value = last;
  for (let i = 0; i < numbers.length; i++) value += numbers[i]! * 256 ** (3 - i);
  return new ipaddr.IPv4([(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
}

function parseIpv4Number(part: string): number | undefined {
  if (part.length === 0) return undefined;
  let n: number;
  if (HEX_PART.test(part)) n = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
  else if (OCTAL_PART.test(part)) n = parseInt(part, 8);
  else if (DECIMAL_PART.test(part) && (part.length === 1 || part[0] !== "0")) n = parseInt(part, 10);
  else return undefined;
  return Number.isFinite(n) && n <= 0xffffffff ? n : undefined;
}
