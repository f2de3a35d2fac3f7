/**
 * @module Seed phrases and keys hidden in base64 (standard or URL-safe, padded or not) or hex: long
 * runs of either alphabet are decoded once (no nesting) and kept when they decode to readable UTF-8
 * text. Bounded: segment count, segment size and total decoded bytes per text.
 */
import type { EncodedRun } from "./alnum-runs.ts";

/** A base64 run shorter than this cannot hold 12 words or a WIF key. */
export const MIN_BASE64_CHARS = 60;
/** Hex needs 2 characters per byte. */
export const MIN_HEX_CHARS = 90;
export const MAX_SEGMENT_CHARS = 64 * 1024;
export const MAX_SEGMENTS = 128;
export const MAX_DECODED_BYTES = 256 * 1024;
/** Share of control characters a decoded text may hold before it counts as binary. */
const MAX_CONTROL_SHARE = 0.02;

export interface DecodedSegment {
  readonly encoding: "base64" | "hex";
  readonly text: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Readable texts decoded from the encoded runs of `text` (see findLongRuns). */
export function decodeSegments(text: string, runs: readonly EncodedRun[]): DecodedSegment[] {
  const out: DecodedSegment[] = [];
  let budget = MAX_DECODED_BYTES;
  for (const run of runs.slice(0, MAX_SEGMENTS)) {
    if (budget <= 0) break;
    const segment = text.slice(run.start, run.end);
    const asHex = run.hex && segment.length >= MIN_HEX_CHARS;
    for (const encoding of asHex ? (["hex", "base64"] as const) : (["base64"] as const)) {
      const bytes = encoding === "hex" ? hexBytes(segment) : base64Bytes(segment);
      if (bytes === undefined) continue;
      budget -= bytes.length;
      const decoded = readable(bytes);
      if (decoded !== undefined) {
        out.push({ encoding, text: decoded });
        break;
      }
    }
  }
  return out;
}

function hexBytes(segment: string): Uint8Array | undefined {
  if (segment.length % 2 !== 0) return undefined;
  const out = new Uint8Array(segment.length / 2);
  for (let j = 0; j < out.length; j++) {
    const v = Number.parseInt(segment.slice(2 * j, 2 * j + 2), 16);
    if (Number.isNaN(v)) return undefined;
    out[j] = v;
  }
  return out;
}

function base64Bytes(segment: string): Uint8Array | undefined {
  let s = segment.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  if (s.length % 4 === 1) return undefined;
  while (s.length % 4 !== 0) s += "=";
  try {
    const binary = atob(s);
    const out = new Uint8Array(binary.length);
    for (let j = 0; j < binary.length; j++) out[j] = binary.charCodeAt(j);
    return out;
  } catch {
    return undefined;
  }
}

function readable(bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  let control = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) control++;
  }
  return control <= text.length * MAX_CONTROL_SHARE ? text : undefined;
}
