/**
 * @module A small response held whole (the doors read bodies of known small length at once): decode
 * its Content-Encoding within a bound (a bomb stops at the bound), then run it through the same text
 * scanner the streams use, with one large window, so warn/strip/block behave exactly as on a stream.
 */
import type { Finding } from "../../engine/index.ts";
import { decodeContentEncoding, isDecodeFailure } from "./content-encoding.ts";
import { createResponseScanner, type ResponseScannerOptions } from "./response-scanner.ts";
import { concatBytes } from "../bytes/index.ts";

/** Characters per scan window for a whole body (one scan for anything up to this size). */
const WHOLE_BODY_STEP_CHARS = 256 * 1024;
/** Default bound on a decoded response body (fetch_proxy.max_response_mb default). */
export const DEFAULT_MAX_DECODED_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface WholeBodyInput extends Omit<ResponseScannerOptions, "kind" | "scanStepChars"> {
  readonly body: Uint8Array;
  readonly contentEncoding?: string;
  readonly maxDecodedBytes?: number;
}

export interface WholeBodyOutcome {
  readonly decision: "allow" | "deny";
  readonly body: Uint8Array;
  readonly findings: readonly Finding[];
  readonly failure?: string;
  /** The body was decoded (Content-Encoding must be dropped from the answer). */
  readonly decoded?: boolean;
  readonly stripped?: boolean;
}

export async function inspectWholeBody(input: WholeBodyInput): Promise<WholeBodyOutcome> {
  const { body, contentEncoding, maxDecodedBytes, ...scanOptions } = input;
  const encoded = (contentEncoding ?? "").trim() !== "" && contentEncoding!.trim().toLowerCase() !== "identity";
  const decoded = encoded ? decodeContentEncoding(body, contentEncoding, maxDecodedBytes ?? DEFAULT_MAX_DECODED_RESPONSE_BYTES) : body;
  if (isDecodeFailure(decoded)) return { decision: "deny", body: new Uint8Array(0), findings: [], failure: decoded.failure === "decoded_too_large" ? "response_too_large" : "compressed_response" };
  const scanner = createResponseScanner({ ...scanOptions, kind: "text", scanStepChars: WHOLE_BODY_STEP_CHARS });
  const parts = [...(await scanner.write(decoded)), ...(await scanner.end())];
  const outcome = await scanner.outcome;
  if (outcome.decision === "deny") return { decision: "deny", body: new Uint8Array(0), findings: outcome.findings, ...(outcome.failure ? { failure: outcome.failure } : {}) };
  const same = !encoded && !outcome.stripped;
  return {
    decision: "allow",
    body: same ? body : concatBytes(parts),
    findings: outcome.findings,
    ...(encoded ? { decoded: true } : {}),
    ...(outcome.stripped ? { stripped: true } : {}),
  };
}
