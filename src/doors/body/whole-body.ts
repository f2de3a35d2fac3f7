/**
 * @module A small response held whole (the doors read bodies of known small length at once): decode
 * its Content-Encoding within a bound (a bomb stops at the bound), then run it through the same text
 * scanner the streams use, with one large window, so warn/strip/block behave exactly as on a stream.
 */
import type { Finding } from "../../engine/index.ts";
import { decodeContentEncoding, isDecodeFailure } from "./content-encoding.ts";
import { isUtf8Charset } from "./content-type.ts";
import { createResponseScanner, type ResponseScannerOptions } from "./response-scanner.ts";
import { handlingOf, subjectOf, type TextSubjectKind } from "./scan-types.ts";
import { scanView } from "./scan-view.ts";
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

/** The text scanner's default subjects for a text body (createResponseScanner's). */
const DEFAULT_TEXT_SUBJECTS: readonly TextSubjectKind[] = ["content"];
const utf8 = new TextDecoder("utf-8", { fatal: false });

export async function inspectWholeBody(input: WholeBodyInput): Promise<WholeBodyOutcome> {
  const { body, contentEncoding, maxDecodedBytes, ...scanOptions } = input;
  const encoded = (contentEncoding ?? "").trim() !== "" && contentEncoding!.trim().toLowerCase() !== "identity";
  if (!encoded && (await cleanAtOnce(input))) return { decision: "allow", body, findings: [] };
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

/**
 * The common case first: an uncompressed UTF-8 body held whole is exactly one scan window for the
 * text scanner (its window is far larger than any whole body), so the same subjects scanned once
 * here give the same answer. Only a clean answer is taken from here; anything else (a warning, a
 * strip, a block, a scanner error) goes through the scanner, which reports it as a stream would.
 */
async function cleanAtOnce(input: WholeBodyInput): Promise<boolean> {
  if (!isUtf8Charset(input.charset) || input.body.byteLength > WHOLE_BODY_STEP_CHARS) return false;
  if (input.body.byteLength === 0) return true; // nothing to scan (the text scanner scans nothing either)
  try {
    const text = scanView(utf8.decode(input.body));
    for (const kind of input.subjects ?? DEFAULT_TEXT_SUBJECTS) {
      if (handlingOf(await input.scan(subjectOf(kind, text, input.host))) !== "clean") return false;
    }
    return true;
  } catch {
    return false;
  }
}
