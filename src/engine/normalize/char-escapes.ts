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
/**
 * Three escapes (or soft line breaks) in a row: what quoted-printable looks like when it hides
 * something. A lone `=3D` or `a=1F` in a query is no encoding and is left alone.
 */
const HAS_QP_RUN = /(?:=[0-9A-Fa-f]{2}|=\r?\n){3}/;
const QP_ESCAPE = /=([0-9A-Fa-f]{2})/g;
const QP_SOFT_BREAK = /=\r?\n/g;

/**
 * Any of the three. Texts without a `\`, `&` or `=` (most prose) are answered by three substring
 * searches, far quicker than the regex's walk over every position.
 */
const MAY_HOLD_ESCAPES = /\\(?:u[0-9a-fA-F{]|x[0-9a-fA-F]{2})|&(?:#[xX]?[0-9a-fA-F]|[A-Za-z][A-Za-z0-9]{1,31};)|(?:=[0-9A-Fa-f]{2}|=\r?\n){3}/;

/** False when `text` holds no string escape, character reference or quoted-printable run. */
export function mayHoldEscapes(text: string): boolean {
  return (text.includes("\\") || text.includes("&") || text.includes("=")) && MAY_HOLD_ESCAPES.test(text);
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
  if (!text.includes("=") || !HAS_QP_RUN.test(text)) return undefined;
  const out = text.replace(QP_SOFT_BREAK, "").replace(QP_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out === text ? undefined : out;
}
