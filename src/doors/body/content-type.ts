/**
 * @module Media types and text decoding: split a Content-Type into its essence and parameters
 * (quoted values unescaped, RFC 2231 `name*=` values decoded), and decode bytes leniently with the
 * declared charset (UTF-8 when the label is unknown; invalid bytes become U+FFFD).
 */

export interface MediaType {
  /** `type/subtype`, lower-cased; "" when absent or unparsable. */
  readonly essence: string;
  /** Parameter names lower-cased. */
  readonly params: ReadonlyMap<string, string>;
}

/** Most parameters read from one header value. */
const MAX_PARAMS = 32;

export function parseMediaType(value: string | undefined): MediaType {
  const text = value ?? "";
  const semi = text.indexOf(";");
  const essence = (semi < 0 ? text : text.slice(0, semi)).trim().toLowerCase();
  return { essence: /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/.test(essence) ? essence : "", params: semi < 0 ? new Map() : parseParams(text.slice(semi + 1)) };
}

/** `a=1; b="x;y"; filename*=UTF-8''%E2%82%AC` → Map (also used for Content-Disposition). */
export function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  while (i < text.length && params.size < MAX_PARAMS) {
    while (i < text.length && (text[i] === ";" || text[i] === " " || text[i] === "\t")) i++;
    const eq = text.indexOf("=", i);
    const nextSemi = text.indexOf(";", i);
    if (eq < 0 || (nextSemi >= 0 && nextSemi < eq)) {
      if (nextSemi < 0) break;
      i = nextSemi + 1;
      continue;
    }
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let val = "";
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        val += text[i];
        i++;
      }
      i++;
    } else {
      const end = text.indexOf(";", i);
      val = (end < 0 ? text.slice(i) : text.slice(i, end)).trim();
      i = end < 0 ? text.length : end;
    }
    if (name.endsWith("*")) params.set(name.slice(0, -1), decodeExtValue(val));
    else if (!params.has(name)) params.set(name, val);
  }
  return params;
}

/** RFC 8187 ext-value: `charset'lang'pct-encoded`. Undecodable → the raw value (still scanned). */
function decodeExtValue(v: string): string {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return v;
  try {
    const bytes = percentBytes(m[2]!);
    return decodeText(bytes, m[1] || "utf-8");
  } catch {
    return v;
  }
}

/** Percent-decode to bytes; malformed escapes stay as literal characters. */
export function percentBytes(s: string): Uint8Array {
  const enc = new TextEncoder();
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) {
      out[n++] = parseInt(s.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c < 0x80) {
      out[n++] = c;
    } else {
      const cp = s.codePointAt(i)!;
      n += enc.encodeInto(String.fromCodePoint(cp), out.subarray(n)).written;
      if (cp > 0xffff) i++;
    }
  }
  return out.slice(0, n);
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const decoders = new Map<string, TextDecoder>();

/** Lenient decode with the declared charset (labels per the Encoding Standard); unknown → UTF-8. */
export function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  return decoderFor(charset).decode(bytes);
}

export function decoderFor(charset: string | undefined): TextDecoder {
  const label = (charset ?? "utf-8").trim().toLowerCase() || "utf-8";
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label as Bun.Encoding, { fatal: false });
    } catch {
      d = new TextDecoder("utf-8", { fatal: false });
    }
    if (decoders.size < MAX_PARAMS) decoders.set(label, d);
  }
  return d;
}

/** True when text in this charset re-encodes byte for byte as UTF-8 (so a modified body can be sent). */
export function isUtf8Charset(charset: string | undefined): boolean {
  const enc = decoderFor(charset).encoding;
  return enc === "utf-8";
}
