/**
 * @module A request → the text pieces to DLP-scan: headers (per the header mode) and the body, decoded
 * (Content-Encoding, within the size bound) and extracted by its declared type *and* by what the bytes
 * turn out to be (Content-Type spoofing: JSON that does not parse, or "text" that is binary, is
 * scanned raw; JSON under any label is scanned as JSON too). Doors call this and scan the pieces.
 */
import { decodeContentEncoding, isDecodeFailure, type DecodeFailureCode } from "./content-encoding.ts";
import { decodeText, parseMediaType } from "./content-type.ts";
import { addFormPieces } from "./form-texts.ts";
import { addHeaderPieces, headerValues, type HeaderList, type HeaderSelection } from "./header-texts.ts";
import { jsonTexts } from "./json-texts.ts";
import { DEFAULT_MAX_BODY_BYTES, defaultMaxTextChars } from "./limits.ts";
import { addMultipartPieces } from "./multipart.ts";
import { ExtractError, PieceSink, type ExtractFailure, type ExtractResult } from "./pieces.ts";
import { addJsonIfJson, addTextPieces } from "./text-body.ts";

export interface RequestTextInput {
  readonly headers: HeaderList;
  /** The body as received (possibly compressed); absent or empty = none. */
  readonly body?: Uint8Array;
  /** Overrides the Content-Type header. */
  readonly contentType?: string;
  /** Overrides the Content-Encoding header(s). */
  readonly contentEncoding?: string;
  /** Which headers become text; `false` = none (request_body_scanning.scan_headers: false). */
  readonly headerSelection?: HeaderSelection | false;
  /** Bound on the body before and after decoding (request_body_scanning.max_body_bytes). */
  readonly maxBodyBytes?: number;
  /** Bound on all text pieces together; default {@link defaultMaxTextChars}. */
  readonly maxTextChars?: number;
}

const DECODE_STATUS: Readonly<Record<DecodeFailureCode, 400 | 403 | 413>> = {
  unknown_encoding: 403,
  too_many_encodings: 403,
  decoded_too_large: 413,
  corrupt_encoding: 400,
};

/** Headers and body of one request as text pieces, or the reason it cannot be inspected. */
export function extractRequestTexts(input: RequestTextInput): ExtractResult {
  const maxBodyBytes = input.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const sink = new PieceSink(input.maxTextChars ?? defaultMaxTextChars(maxBodyBytes));
  try {
    if (input.headerSelection !== false) addHeaderPieces(sink, input.headers, input.headerSelection ?? { mode: "sensitive" });
    if (input.body !== undefined && input.body.byteLength > 0) {
      const types = input.contentType !== undefined ? [input.contentType] : headerValues(input.headers, "content-type");
      if (new Set(types.map((t) => t.trim().toLowerCase())).size > 1) throw new ExtractError("ambiguous_content_type", "the request carries conflicting Content-Type headers", 400);
      const encoding = input.contentEncoding ?? headerValues(input.headers, "content-encoding").join(",");
      addBodyPieces(sink, input.body, types[0], encoding, maxBodyBytes);
    }
    return { pieces: sink.pieces };
  } catch (err) {
    return toFailure(err);
  }
}

/** The body alone (no headers). */
export function extractBodyTexts(body: Uint8Array, contentType: string | undefined, contentEncoding: string | undefined, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, maxTextChars?: number): ExtractResult {
  const sink = new PieceSink(maxTextChars ?? defaultMaxTextChars(maxBodyBytes));
  try {
    addBodyPieces(sink, body, contentType, contentEncoding, maxBodyBytes);
    return { pieces: sink.pieces };
  } catch (err) {
    return toFailure(err);
  }
}

function addBodyPieces(sink: PieceSink, body: Uint8Array, contentType: string | undefined, contentEncoding: string | undefined, maxBodyBytes: number): void {
  const decoded = decodeContentEncoding(body, contentEncoding, maxBodyBytes);
  if (isDecodeFailure(decoded)) throw new ExtractError(decoded.failure, decoded.reason, DECODE_STATUS[decoded.failure]);
  const type = parseMediaType(contentType);
  const charset = type.params.get("charset");
  const essence = type.essence;
  if (essence === "application/json" || essence.endsWith("+json")) {
    const text = decodeText(decoded, charset);
    const parsed = jsonTexts(text);
    if (parsed.ok) {
      sink.add("body.json.keys", parsed.keys.join("\n"));
      sink.add("body.json.values", parsed.values.join("\n"));
      return;
    }
    if (parsed.tooDeep) throw new ExtractError("json_too_deep", "the JSON body nests deeper than the inspection limit", 400);
    // Declared JSON, is not: scan what it really is.
    addTextPieces(sink, decoded, charset, "body");
    return;
  }
  if (essence === "application/x-www-form-urlencoded") {
    const text = decodeText(decoded, charset);
    if (addJsonIfJson(sink, text, "body")) sink.add("body.raw", text);
    else addFormPieces(sink, text, "body.form");
    return;
  }
  if (essence.startsWith("multipart/")) {
    addMultipartPieces(sink, decoded, type.params.get("boundary"), "body");
    return;
  }
  addTextPieces(sink, decoded, charset, "body");
}

function toFailure(err: unknown): ExtractFailure {
  if (err instanceof ExtractError) return { failure: err.failure, reason: err.reason, status: err.status };
  return { failure: "body_extract_error", reason: `the request body could not be inspected: ${String((err as Error)?.message ?? err).slice(0, 200)}`, status: 400 };
}
