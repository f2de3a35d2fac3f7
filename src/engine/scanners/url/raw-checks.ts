/**
 * @module Checks that must read the URL as sent, because the WHATWG parser erases the evidence:
 * CR/LF (header injection; WHATWG silently drops raw newlines) and `..` path segments (WHATWG
 * resolves dot segments, including `%2e%2e`, before anyone sees them).
 */
import { percentDecodeFully } from "../../normalize/percent-decode.ts";

const RAW_CRLF = /[\r\n]/;
const ENCODED_CRLF = /%0[ad]/i;
const DOUBLE_ENCODED_CRLF = /%250[ad]/i;
const TAB_NEWLINE = /[\t\r\n]/g;
const HAS_TAB_NEWLINE = /[\t\r\n]/;
const BACKSLASH = /\\/g;
const FULLWIDTH_DOT = /[\uff0e\u3002\uff61]/g;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
/** Schemes whose URLs treat `\` like `/` (WHATWG "special" schemes). */
const SPECIAL = new Set(["http", "https", "ws", "wss", "ftp", "file"]);

/** Which CR/LF form the URL (without its fragment) carries, or undefined. */
export function findCrlf(raw: string): string | undefined {
  const hash = raw.indexOf("#");
  const sent = hash >= 0 ? raw.slice(0, hash) : raw;
  if (RAW_CRLF.test(sent)) return "raw CR/LF characters";
  if (!sent.includes("%")) return undefined;
  if (ENCODED_CRLF.test(sent)) return "percent-encoded CR/LF (%0d/%0a)";
  if (DOUBLE_ENCODED_CRLF.test(sent)) return "double-encoded CR/LF (%250d/%250a)";
  if (RAW_CRLF.test(percentDecodeFully(sent))) return "multiply-encoded CR/LF";
  return undefined;
}

/** The path as written: after `scheme://authority` (or `scheme:`), before `?`/`#`. */
export function rawPath(raw: string): string {
  const text = (HAS_TAB_NEWLINE.test(raw) ? raw.replace(TAB_NEWLINE, "") : raw).trim();
  const m = SCHEME.exec(text);
  if (!m) return "";
  const special = SPECIAL.has(m[1]!.toLowerCase());
  let i = m[0].length;
  const isSlash = (c: number) => c === 0x2f || (special && c === 0x5c);
  const endsPath = (c: number) => c === 0x3f || c === 0x23; // ? #
  if (isSlash(text.charCodeAt(i)) && isSlash(text.charCodeAt(i + 1))) {
    while (isSlash(text.charCodeAt(i))) i++;
    while (i < text.length && !isSlash(text.charCodeAt(i)) && !endsPath(text.charCodeAt(i))) i++;
  }
  let end = i;
  while (end < text.length && !endsPath(text.charCodeAt(end))) end++;
  return text.slice(i, end);
}

/** The offending segment when the raw path climbs with `..` in any encoding, else undefined. */
export function findPathTraversal(raw: string): string | undefined {
  const path = rawPath(raw);
  if (path.length === 0) return undefined;
  const lowered = path.toLowerCase();
  if (!lowered.includes(".") && !lowered.includes("%") && !lowered.includes("\uff0e")) return undefined;
  const decoded = percentDecodeFully(lowered).replace(BACKSLASH, "/").replace(FULLWIDTH_DOT, ".");
  for (const segment of decoded.split("/")) {
    // `..;jsessionid=x` is still `..` to servlet containers.
    const semicolon = segment.indexOf(";");
    const bare = (semicolon >= 0 ? segment.slice(0, semicolon) : segment).trim();
    if (bare === "..") return originalSegmentFor(path);
  }
  return undefined;
}

/** A short, display-safe excerpt of the path around the first dot-dot form. */
function originalSegmentFor(path: string): string {
  const lowered = path.toLowerCase();
  const tokens = ["..", "%2e%2e", ".%2e", "%2e.", "%252e", "\uff0e"];
  let at = -1;
  for (const t of tokens) {
    const i = lowered.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, at - 8);
  return path.slice(start, start + 40);
}
