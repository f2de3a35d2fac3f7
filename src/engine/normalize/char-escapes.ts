/**
 * @module Character escapes as DLP decoding layers: a secret written as `\u0041KIA…` (JSON, JS and
 * Python string escapes), `&#65;KIA…` / `&#x41;…` (HTML and XML character references) or
 * `=41=4B=49=41…` (quoted-printable) outside a place that would decode it anyway (a JSON body is
 * parsed, a multipart part's Content-Transfer-Encoding is honoured) reaches the upstream readable to
 * whoever unescapes it. Each decoder runs only when its escape is present (a substring test first),
 * and answers undefined when nothing was decoded. Never throws.
 */
import { decodeEntities } from "./html-entities.ts";

/** `\uXXXX`, `\u{X…}` and `\xXX`. */
const STRING_ESCAPE = /\\u([0-9a-fA-F]{4})|\\u\{([0-9a-fA-F]{1,6})\}|\\x([0-9a-fA-F]{2})/g;
const HAS_STRING_ESCAPE = /\\(?:u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]|x[0-9a-fA-F]{2})/;
/**
 * A character reference: numeric, or a name closed by `;` (so the `&` between query parameters,
 * `a=1&b=2`, costs one test and no decoding pass).
 */
const HAS_ENTITY = /&(?:#[xX]?[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31};)/;
const QP_ESCAPE = /=([0-9A-Fa-f]{2})/g;
const QP_SOFT_BREAK = /=\r?\n/g;

/** A named reference closed by `;` (numeric ones are found by their `&#`). */
const HAS_NAMED_ENTITY = /&[A-Za-z][A-Za-z0-9]{1,31};/;

const isHexDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Length of the quoted-printable unit (`=XX`, `=\n`, `=\r\n`) at `at`, or 0. */
function qpUnit(text: string, at: number): number {
  if (text.charCodeAt(at) !== 61) return 0; // =
  const a = text.charCodeAt(at + 1);
  if (a === 10) return 2;
  if (a === 13 && text.charCodeAt(at + 2) === 10) return 3;
  return isHexDigit(a) && isHexDigit(text.charCodeAt(at + 2)) ? 3 : 0;
}

/**
 * True when three quoted-printable units (escapes or soft line breaks) follow one another somewhere
 * in `text`: what quoted-printable looks like when it hides something. A lone `=3D` or `a=1F` in a
 * query is no encoding and is left alone.
 */
function hasQpRun(text: string): boolean {
  for (let at = text.indexOf("="); at >= 0; at = text.indexOf("=", at + 1)) {
    let units = 0;
    for (let p = at, n = qpUnit(text, p); n > 0; p += n, n = qpUnit(text, p)) if (++units === 3) return true;
  }
  return false;
}

/** Texts up to this long are checked for `\\`, `&` and `=` by one loop rather than three searches. */
const SHORT_TEXT_CHARS = 64;

/** True when `text` has a `\\`, `&` or `=` (the first character of every escape). */
function hasEscapeLead(text: string): boolean {
  if (text.length > SHORT_TEXT_CHARS) return text.includes("\\") || text.includes("&") || text.includes("=");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 38 || c === 61) return true;
  }
  return false;
}

/**
 * False when `text` holds no string escape, character reference or quoted-printable run. Substring
 * searches and a loop over the `=` signs, no regex walk: most texts (prose, URLs with `a=1&b=2`)
 * are answered in a few hundred nanoseconds.
 */
export function mayHoldEscapes(text: string): boolean {
  if (!hasEscapeLead(text)) return false;
  if (text.includes("\\u") || text.includes("\\x") || text.includes("&#")) return true;
  if (text.includes(";") && text.includes("&") && HAS_NAMED_ENTITY.test(text)) return true;
  return text.includes("=") && hasQpRun(text);
}

/** Largest code point a string escape may name. */
const MAX_CODE_POINT = 0x10ffff;

/** `text` with its string escapes and character references decoded, or undefined when it has none. */
export function decodeCharEscapes(text: string): string | undefined {
  let out = text;
  if (out.includes("\\") && HAS_STRING_ESCAPE.test(out)) {
    out = out.replace(STRING_ESCAPE, (whole, u4: string | undefined, braced: string | undefined, x2: string | undefined) => {
      const code = parseInt(u4 ?? braced ?? x2!, 16);
      return code <= MAX_CODE_POINT ? String.fromCodePoint(code) : whole;
    });
  }
  if (out.includes("&") && HAS_ENTITY.test(out)) out = decodeEntities(out);
  return out === text ? undefined : out;
}

/** `text` read as quoted-printable (soft line breaks joined), or undefined when it holds no run of escapes. */
export function decodeQuotedPrintable(text: string): string | undefined {
  if (!text.includes("=") || !hasQpRun(text)) return undefined;
  const out = text.replace(QP_SOFT_BREAK, "").replace(QP_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out === text ? undefined : out;
}
