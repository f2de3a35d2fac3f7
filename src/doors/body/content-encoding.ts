/**
 * @module Content-Encoding decoding for request bodies: gzip, deflate (zlib-wrapped or raw), br and
 * identity, stacked in any order ("gzip, br" = gzip first, then br). The output bound is enforced by
 * zlib while it inflates (`maxOutputLength`), so a decompression bomb stops at the bound instead of
 * filling memory. Anything unknown or corrupt is a failure: a body that cannot be read is denied.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import { MAX_ENCODING_LAYERS } from "./limits.ts";

export type DecodeFailureCode = "unknown_encoding" | "too_many_encodings" | "decoded_too_large" | "corrupt_encoding";

export interface DecodeFailure {
  readonly failure: DecodeFailureCode;
  readonly reason: string;
}

export type DecodeResult = Uint8Array | DecodeFailure;

export function isDecodeFailure(r: DecodeResult): r is DecodeFailure {
  return !(r instanceof Uint8Array);
}

type Layer = "gzip" | "deflate" | "br" | "identity";

const NAMES: Readonly<Record<string, Layer>> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate", br: "br", identity: "identity" };

/**
 * Decode `bytes` per the Content-Encoding header value (undefined or "" = identity). Every layer's
 * output is held to `maxBytes`; the input itself must be within `maxBytes` too.
 */
export function decodeContentEncoding(bytes: Uint8Array, contentEncoding: string | undefined, maxBytes: number): DecodeResult {
  const layers = parseLayers(contentEncoding);
  if (!Array.isArray(layers)) return layers;
  if (bytes.byteLength > maxBytes) return { failure: "decoded_too_large", reason: `the body is over the ${maxBytes}-byte limit` };
  let out = bytes;
  // Encodings are listed in the order they were applied; undo them last first.
  for (let i = layers.length - 1; i >= 0; i--) {
    const step = decodeLayer(out, layers[i]!, maxBytes);
    if (isDecodeFailure(step)) return step;
    out = step;
  }
  return out;
}

function parseLayers(header: string | undefined): Layer[] | DecodeFailure {
  const tokens = (header ?? "").split(",").map((t) => t.trim().toLowerCase()).filter((t) => t !== "");
  const layers: Layer[] = [];
  for (const token of tokens) {
    const layer = NAMES[token];
    if (layer === undefined) return { failure: "unknown_encoding", reason: `Content-Encoding "${token.slice(0, 32)}" cannot be inspected` };
    if (layer !== "identity") layers.push(layer);
  }
  if (layers.length > MAX_ENCODING_LAYERS) return { failure: "too_many_encodings", reason: `more than ${MAX_ENCODING_LAYERS} stacked Content-Encodings` };
  return layers;
}

function decodeLayer(input: Uint8Array, layer: Layer, maxBytes: number): DecodeResult {
  if (layer === "identity") return input;
  const options = { maxOutputLength: Math.max(1, maxBytes) };
  try {
    switch (layer) {
      case "gzip":
        return new Uint8Array(gunzipSync(input, options));
      case "br":
        return new Uint8Array(brotliDecompressSync(input, options));
      case "deflate":
        return inflateEither(input, options);
    }
  } catch (err) {
    return zlibFailure(err, layer, maxBytes);
  }
}

/** HTTP "deflate" is meant to be zlib-wrapped, but some senders use raw deflate: accept both. */
function inflateEither(input: Uint8Array, options: { maxOutputLength: number }): Uint8Array {
  try {
    return new Uint8Array(inflateSync(input, options));
  } catch (err) {
    if (isTooLarge(err)) throw err;
    return new Uint8Array(inflateRawSync(input, options));
  }
}

function isTooLarge(err: unknown): boolean {
  return (err as { code?: string })?.code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError;
}

function zlibFailure(err: unknown, layer: Layer, maxBytes: number): DecodeFailure {
  if (isTooLarge(err)) return { failure: "decoded_too_large", reason: `the ${layer}-decoded body is over the ${maxBytes}-byte limit (decompression bomb?)` };
  return { failure: "corrupt_encoding", reason: `the body is not valid ${layer} data` };
}
