/**
 * @module Bodies for the HTTP doors: bytes → text pieces and streams → scanned streams. Decodes
 * Content-Encoding (bounded), extracts request text (headers, JSON, form, multipart, raw, spoofing),
 * turns HTML into readable + hidden text, and scans text and SSE responses as streams with an overlap
 * window. It never scans itself: every check is a call to the injected `scan` function.
 */
export { decodeContentEncoding, isDecodeFailure, type DecodeFailure, type DecodeFailureCode, type DecodeResult } from "./content-encoding.ts";
export { parseMediaType, type MediaType } from "./content-type.ts";
export { DEFAULT_IGNORE_HEADERS, DEFAULT_SENSITIVE_HEADERS, headerPairs, type HeaderList, type HeaderMode, type HeaderSelection } from "./header-texts.ts";
export { htmlToReadableText, type ReadableText } from "./html-readable.ts";
export { decodeEntities } from "../../engine/normalize/index.ts";
export { jsonTexts, type JsonTexts } from "./json-texts.ts";
export * as BODY_LIMITS from "./limits.ts";
export { isExtractFailure, joinPieces, type ExtractFailure, type ExtractResult, type TextPiece } from "./pieces.ts";
export { extractBodyTexts, extractRequestTexts, type RequestTextInput } from "./request-texts.ts";
export { createResponseScanner, type ResponseScanner, type ResponseScannerOptions, type ResponseScanStats } from "./response-scanner.ts";
export { ResponseBlocked, responseScanStream } from "./response-stream.ts";
export { handlingOf, type Handling, type ResponseOutcome, type ScanFn, type TextSubjectKind, type VerdictReport } from "./scan-types.ts";
export { eventScanText, serializeEvent, SseEventTooLarge, SseParser, type SseEvent } from "./sse-parser.ts";
export { STRIP_MARKER, stripByBisection } from "./strip-span.ts";
export type { StripFn } from "./text-scanner.ts";
export { decodeBase64, decodeQuotedPrintable } from "./transfer-decoding.ts";
export { DEFAULT_MAX_DECODED_RESPONSE_BYTES, inspectWholeBody, type WholeBodyInput, type WholeBodyOutcome } from "./whole-body.ts";
export { applyBodyAction } from "./body-action.ts";
export { bodyInspection, type BodyInspectionOptions, type HeaderLists } from "./inspection.ts";
