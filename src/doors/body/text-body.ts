/**
 * @module A body (or a multipart part) that is "just text" as far as the declared type goes: scanned
 * raw (lossy UTF-8 or the declared charset), plus — whatever was declared — the keys and values when
 * the bytes are in fact JSON, and a UTF-16 reading when the bytes look like UTF-16 (a secret written
 * as UTF-16 is not contiguous in a UTF-8 reading). Declaring a harmless type cannot hide structure.
 */
import { decodeText } from "./content-type.ts";
import { jsonTexts } from "./json-texts.ts";
import type { PieceSink } from "./pieces.ts";

/** Fraction of zero bytes at odd (or even) offsets above which the bytes are read as UTF-16 too. */
const UTF16_ZERO_SHARE = 0.3;
/** Leading characters looked at for the first significant one when sniffing JSON. */
const SNIFF_CHARS = 1024;
/** Bytes sampled for the UTF-16 guess. */
const UTF16_SAMPLE_BYTES = 4096;

export function addTextPieces(sink: PieceSink, bytes: Uint8Array, charset: string | undefined, location: string): void {
  const text = decodeText(bytes, charset);
  addJsonIfJson(sink, text, location);
  sink.add(`${location}.raw`, text);
  const utf16 = utf16Label(bytes);
  if (utf16) sink.add(`${location}.${utf16}`, decodeText(bytes, utf16));
}

/** Keys and values when `text` parses as JSON; true when it did. */
export function addJsonIfJson(sink: PieceSink, text: string, location: string): boolean {
  const first = /[^\s\uFEFF]/.exec(text.slice(0, SNIFF_CHARS))?.[0];
  if (first !== "{" && first !== "[") return false;
  const parsed = jsonTexts(text);
  if (!parsed.ok) return false;
  sink.add(`${location}.json.keys`, parsed.keys.join("\n"));
  sink.add(`${location}.json.values`, parsed.values.join("\n"));
  return true;
}

function utf16Label(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  const n = Math.min(bytes.byteLength, UTF16_SAMPLE_BYTES) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  if (oddZeros / half > UTF16_ZERO_SHARE && oddZeros > evenZeros * 2) return "utf-16le";
  if (evenZeros / half > UTF16_ZERO_SHARE && evenZeros > oddZeros * 2) return "utf-16be";
  return undefined;
}
