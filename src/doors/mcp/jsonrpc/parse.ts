/**
 * @module parseJsonRpc: one transport message (a stdio line, an HTTP body, a WebSocket frame) →
 * classified JSON-RPC messages, or the reason it is refused: over the size bound, not JSON,
 * duplicate keys, too deep, an empty or oversized batch, a batch where batches are not allowed.
 */
import { findDuplicateKey } from "../../json/index.ts";
import { RPC_ERROR } from "./errors.ts";
import { classifyMessage, type Classified } from "./message.ts";

/** Default bound on one message, as the reference and the SDK's stdio reader use. */
export const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
/** Most elements in one batch. */
export const MAX_BATCH_ELEMENTS = 100;

export type Parsed =
  | { readonly ok: true; readonly batch: boolean; readonly elements: readonly Classified[] }
  | { readonly ok: false; readonly code: number; readonly failure: ParseFailure; readonly reason: string };

export type ParseFailure = "oversize" | "parse_error" | "duplicate_key" | "too_deep" | "invalid_batch" | "invalid_utf8";

export interface ParseOptions {
  /** Bound in bytes (UTF-8) for the whole message. */
  readonly maxBytes: number;
  /** Whether a JSON array (batch) is acceptable here. */
  readonly allowBatch: boolean;
}

/** Parse one message's text. `byteLength` is passed when the caller already knows it. */
export function parseJsonRpc(text: string, options: ParseOptions, byteLength?: number): Parsed {
  const bytes = byteLength ?? utf8Length(text, options.maxBytes);
  if (bytes > options.maxBytes) return fail("oversize", RPC_ERROR.invalidRequest, `message is over the ${options.maxBytes}-byte limit`);
  if (!text.isWellFormed()) return fail("invalid_utf8", RPC_ERROR.parse, "message is not valid UTF-8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail("parse_error", RPC_ERROR.parse, "message is not valid JSON");
  }
  const problem = findDuplicateKey(text, value);
  if (problem?.kind === "duplicate") return fail("duplicate_key", RPC_ERROR.invalidRequest, `duplicate object key "${problem.key}" (parsers disagree on which one wins)`);
  if (problem?.kind === "too_deep") return fail("too_deep", RPC_ERROR.invalidRequest, "message nests too deeply");
  if (!Array.isArray(value)) return { ok: true, batch: false, elements: [classifyMessage(value)] };
  if (!options.allowBatch) return fail("invalid_batch", RPC_ERROR.invalidRequest, "JSON-RPC batches are not allowed here");
  if (value.length === 0 || value.length > MAX_BATCH_ELEMENTS) return fail("invalid_batch", RPC_ERROR.invalidRequest, `a batch needs 1 to ${MAX_BATCH_ELEMENTS} elements`);
  return { ok: true, batch: true, elements: value.map(classifyMessage) };
}

/** UTF-8 byte length, stopping early once past `cap`. */
export function utf8Length(text: string, cap = Number.MAX_SAFE_INTEGER): number {
  // Fast path: a string can never take more than 3 bytes per UTF-16 unit.
  if (text.length * 3 <= cap) return Buffer.byteLength(text, "utf8");
  if (text.length > cap) return text.length;
  return Buffer.byteLength(text, "utf8");
}

function fail(failure: ParseFailure, code: number, reason: string): Parsed {
  return { ok: false, code, failure, reason };
}
