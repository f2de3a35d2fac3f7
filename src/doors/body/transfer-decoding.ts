/**
 * @module Content-Transfer-Encoding decoders for multipart parts (RFC 2045): base64 (whitespace
 * ignored; undecodable input → undefined, the raw part is still scanned) and quoted-printable (soft
 * line breaks removed, `=XX` decoded, malformed escapes kept). Both linear in the input.
 */

const BASE64_CHARS = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Base64 (standard or URL alphabet) → bytes, or undefined when it is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\s]+/g, "");
  if (compact.length === 0 || !BASE64_CHARS.test(compact)) return undefined;
  const standard = compact.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (standard.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(standard, "base64"));
}

/** Quoted-printable → bytes. */
export function decodeQuotedPrintable(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.byteLength);
  let n = 0;
  for (let i = 0; i < input.byteLength; i++) {
    const c = input[i]!;
    if (c !== 0x3d) {
      out[n++] = c;
      continue;
    }
    const a = input[i + 1];
    const b = input[i + 2];
    // Soft line break: "=" then optional trailing whitespace, then CRLF or LF.
    let j = i + 1;
    while (j < input.byteLength && (input[j] === 0x20 || input[j] === 0x09)) j++;
    if (input[j] === 0x0d && input[j + 1] === 0x0a) {
      i = j + 1;
      continue;
    }
    if (input[j] === 0x0a) {
      i = j;
      continue;
    }
    if (a !== undefined && b !== undefined && isHex(a) && isHex(b)) {
      out[n++] = (hexVal(a) << 4) | hexVal(b);
      i += 2;
      continue;
    }
    out[n++] = c;
  }
  return out.slice(0, n);
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexVal(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}
