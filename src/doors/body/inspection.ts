/**
 * @module bodyInspection(): this module behind the HTTP doors' `Inspection` seam
 * (src/doors/http/inspection.ts), replacing the interim one. Headers and request bodies become one
 * text (pieces joined by newlines, so the engine's DLP sees split secrets contiguous); text and SSE
 * responses get a streaming scanner; HTML becomes readable text with its hidden text apart.
 */
import type { BodyText, Inspection, Readable, ResponseScan, ResponseScanRequest, WholeBodyResult } from "../http/index.ts";
import { decodedInto, streamDecoding } from "./stream-decoding.ts";
import { parseMediaType } from "./content-type.ts";
import { headerPairs, otherHeaderLines, type HeaderMode } from "./header-texts.ts";
import { htmlToReadableText } from "./html-readable.ts";
import { isExtractFailure, joinPieces, PieceSink } from "./pieces.ts";
import { addHeaderPieces } from "./header-texts.ts";
import { extractRequestTexts } from "./request-texts.ts";
import { createResponseScanner } from "./response-scanner.ts";
import { responseScanStream } from "./response-stream.ts";
import type { TextSubjectKind, VerdictReport } from "./scan-types.ts";
import type { StripFn } from "./text-scanner.ts";
import { inspectWholeBody } from "./whole-body.ts";

export interface HeaderLists {
  /** request_body_scanning.sensitive_headers */
  readonly sensitive: readonly string[];
  /** request_body_scanning.ignore_headers */
  readonly ignore: readonly string[];
}

export interface BodyInspectionOptions {
  /** Current header lists (read per request, so a reload applies); default: the reference lists. */
  readonly headerLists?: () => HeaderLists;
  /** Response text overlap (≥ the longest match); default 4 KiB. */
  readonly overlapChars?: number;
  /** SSE: largest event; default 64 KiB (response_scanning.sse_streaming.max_event_bytes). */
  readonly maxEventBytes?: number;
  /** Subjects per SSE event; default content + text (injection and DLP). */
  readonly sseSubjects?: readonly TextSubjectKind[];
  /** Subjects per text window; default content (injection). */
  readonly textSubjects?: readonly TextSubjectKind[];
  /** A precise strip, when the composition root has one; default: locate spans by bisection. */
  readonly strip?: StripFn;
  /** Every non-clean response verdict (metrics, logs). */
  readonly onVerdict?: (report: VerdictReport) => void;
  /** Bound on a decoded whole response body (gzip/br/deflate are decoded for small bodies). */
  readonly maxDecodedResponseBytes?: number;
}

/** The media type of a response that is scanned (textual, or undeclared); undefined = pass through. */
function scannedType(contentType: string | undefined): { essence: string; charset: string | undefined } | undefined {
  const type = parseMediaType(contentType);
  const declared = contentType !== undefined && contentType.trim() !== "";
  // An unparsable type is scanned: a garbled header must not be a way around the scanner.
  if (declared && type.essence !== "" && type.essence !== "text/event-stream" && !SCANNED_ESSENCE.test(type.essence)) return undefined;
  return { essence: type.essence, charset: type.params.get("charset") };
}

/** Response media types that are scanned (anything textual); others pass through unscanned. */
const SCANNED_ESSENCE = /^(text\/.*|application\/(json|xml|xhtml\+xml|javascript|x-javascript|ecmascript|x-ndjson|ndjson|yaml|x-yaml|toml|x-www-form-urlencoded|graphql)|.*\+(json|xml|yaml))$/;

export function bodyInspection(options: BodyInspectionOptions = {}): Inspection {
  const scannerOptions = (request: ResponseScanRequest, charset: string | undefined, sse: boolean) => {
    const subjects = sse ? options.sseSubjects : options.textSubjects;
    return {
      scan: request.scan,
      host: request.host,
      ...(charset ? { charset } : {}),
      ...(options.overlapChars !== undefined ? { overlapChars: options.overlapChars } : {}),
      ...(options.maxEventBytes !== undefined ? { maxEventBytes: options.maxEventBytes } : {}),
      ...(subjects ? { subjects } : {}),
      ...(options.strip ? { strip: options.strip } : {}),
      ...(options.onVerdict ? { onVerdict: options.onVerdict } : {}),
    };
  };
  return {
    headerText(rawHeaders: readonly string[], mode: HeaderMode): string {
      const lists = options.headerLists?.();
      const sink = new PieceSink(Number.MAX_SAFE_INTEGER);
      addHeaderPieces(sink, headerPairs(rawHeaders), { mode, ...(lists ? { sensitive: lists.sensitive, ignore: lists.ignore } : {}) });
      return joinPieces(sink.pieces);
    },

    otherHeaderText(rawHeaders: readonly string[]): string {
      const lists = options.headerLists?.();
      // Blank lines between values: the split pass rejoins a key broken over one line break, and
      // must not join unrelated headers' values (ids, versions) into candidates.
      return otherHeaderLines(headerPairs(rawHeaders), lists ?? {}).join("\n\n\n");
    },

    async requestBody(body: Uint8Array, rawHeaders: readonly string[], maxBytes: number): Promise<BodyText> {
      const r = extractRequestTexts({ headers: headerPairs(rawHeaders), body, headerSelection: false, maxBodyBytes: maxBytes });
      if (isExtractFailure(r)) return { ok: false, failure: r.failure, reason: r.reason, status: r.status };
      return { ok: true, text: joinPieces(r.pieces) };
    },

    responseScan(request: ResponseScanRequest): ResponseScan | undefined {
      const type = scannedType(request.contentType);
      if (!type) return undefined;
      const sse = type.essence === "text/event-stream";
      const scanner = createResponseScanner({ ...scannerOptions(request, type.charset, sse), kind: sse ? "sse" : "text" });
      // Streams are asked for uncompressed; one that arrives compressed anyway is decoded as it
      // streams (one known coding), or refused.
      const coding = streamDecoding(request.contentEncoding);
      if (coding.kind === "unsupported") scanner.abort("compressed_response");
      const stream = responseScanStream(scanner);
      if (coding.kind === "decode") return { stream: decodedInto(coding.format, stream), outcome: scanner.outcome, sse, decodes: true };
      return { stream, outcome: scanner.outcome, sse, decodes: false };
    },

    responseBody(request: ResponseScanRequest, body: Uint8Array): Promise<WholeBodyResult> | undefined {
      const type = scannedType(request.contentType);
      if (!type) return undefined;
      return inspectWholeBody({
        ...scannerOptions(request, type.charset, false),
        body,
        ...(request.contentEncoding !== undefined ? { contentEncoding: request.contentEncoding } : {}),
        ...(options.maxDecodedResponseBytes !== undefined ? { maxDecodedBytes: options.maxDecodedResponseBytes } : {}),
      });
    },

    readable(html: string): Readable {
      const r = htmlToReadableText(html);
      return { title: r.title, text: r.text, hidden: r.hidden.join("\n") };
    },
  };
}
