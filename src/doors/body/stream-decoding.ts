/**
 * @module Content-Encoding for streamed responses. A body pipelock asked for uncompressed may still
 * arrive compressed (servers that ignore Accept-Encoding, an agent's own header when response
 * scanning is off); a single gzip, deflate, br or zstd layer is decoded as it streams, so the
 * scanner reads text and the agent gets the decoded body (Content-Encoding and Content-Length
 * dropped). Anything else (stacked or unknown codings) cannot be scanned and is refused. A corrupt
 * stream errors, which the relay treats as a cut, never as a pass.
 */

/** Formats Bun's DecompressionStream takes (brotli and zstd beyond the web standard's three). */
export type DecodeFormat = "gzip" | "deflate" | "brotli" | "zstd";

/** The DecompressionStream format for one HTTP content coding. */
const FORMATS: Readonly<Record<string, DecodeFormat>> = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate", br: "brotli", zstd: "zstd" };

export type StreamDecoding = { readonly kind: "identity" } | { readonly kind: "decode"; readonly format: DecodeFormat } | { readonly kind: "unsupported"; readonly coding: string };

/** What a Content-Encoding header asks of a streaming scanner. */
export function streamDecoding(contentEncoding: string | undefined): StreamDecoding {
  const codings = (contentEncoding ?? "")
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return { kind: "identity" };
  const format = codings.length === 1 ? FORMATS[codings[0]!] : undefined;
  return format !== undefined ? { kind: "decode", format } : { kind: "unsupported", coding: codings.join(", ").slice(0, 40) };
}

/** `then` fed with the decoded bytes: compressed bytes in, whatever `then` puts out. */
export function decodedInto(format: DecodeFormat, then: TransformStream<Uint8Array, Uint8Array>): ReadableWritablePair<Uint8Array, Uint8Array> {
  const decoder = new DecompressionStream(format as ConstructorParameters<typeof DecompressionStream>[0]);
  return { writable: decoder.writable as WritableStream<Uint8Array>, readable: (decoder.readable as ReadableStream<Uint8Array>).pipeThrough(then) };
}
