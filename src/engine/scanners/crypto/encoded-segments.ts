/**
 * @module Seed phrases and keys hidden in base64 (standard or URL-safe, padded or not) or hex: long
 * runs of either alphabet are decoded once (no nesting, shared codecs in normalize/codecs) and kept
 * when they decode to readable UTF-8 text. Bounded: segment count, segment size and total decoded
 * bytes per text.
 */
import { controlCharCount, decodeBase64, decodeHex, utf8Text } from "../../normalize/codecs/index.ts";
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

/** Readable texts decoded from the encoded runs of `text` (see findLongRuns). */
export function decodeSegments(text: string, runs: readonly EncodedRun[]): DecodedSegment[] {
  const out: DecodedSegment[] = [];
  let budget = MAX_DECODED_BYTES;
  for (const run of runs.slice(0, MAX_SEGMENTS)) {
    if (budget <= 0) break;
    const segment = text.slice(run.start, run.end);
    const asHex = run.hex && segment.length >= MIN_HEX_CHARS;
    for (const encoding of asHex ? (["hex", "base64"] as const) : (["base64"] as const)) {
      const bytes = encoding === "hex" ? decodeHex(segment) : decodeBase64(stripPadding(segment), "mixed");
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

const TRAILING_PADDING = /=+$/;

function stripPadding(segment: string): string {
  return segment.endsWith("=") ? segment.replace(TRAILING_PADDING, "") : segment;
}

/** Valid UTF-8 with at most {@link MAX_CONTROL_SHARE} control characters. */
function readable(bytes: Uint8Array): string | undefined {
  const text = utf8Text(bytes);
  if (text === undefined) return undefined;
  return controlCharCount(text) <= text.length * MAX_CONTROL_SHARE ? text : undefined;
}
