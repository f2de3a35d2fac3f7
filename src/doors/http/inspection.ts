/**
 * @module The body-inspection seam the HTTP doors use: header text, request-body text, streaming
 * response scanning and HTML → readable text. src/doors/body implements the parsing; this file only
 * names what the doors need, so a door test can hand in a small fake.
 */
import type { Finding, Subject, Verdict } from "../../engine/index.ts";
import type { HeaderMode } from "./context.ts";

/** Text to scan from a request body, or why it cannot be inspected (which denies). */
export type BodyText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly failure: string; readonly reason: string; readonly status: 400 | 403 | 413 };

/** How a response stream ended from the scanner's point of view. */
export interface StreamOutcome {
  readonly decision: "allow" | "deny";
  /** The verdict that decided (deny) or the warnings collected (allow). */
  readonly findings: readonly Finding[];
  readonly failure?: string;
  /** Bytes the scanner passed to the client. */
  readonly bytes: number;
  /** True when some span was stripped. */
  readonly stripped?: boolean;
}

export interface ResponseScanRequest {
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  /** Destination host, for per-domain exemptions. */
  readonly host: string;
  /** Scan one content subject with the request's policy. */
  readonly scan: (subject: Subject) => Promise<Verdict>;
}

/** A scanning stage for one response body. */
export interface ResponseScan {
  /** Bytes from upstream in, inspected bytes out; errors the stream (cut) on a block. */
  readonly stream: ReadableWritablePair<Uint8Array, Uint8Array>;
  /** Settles when the body ended or was cut. Never rejects. */
  readonly outcome: Promise<StreamOutcome>;
  /** Server-sent events: a block ends the stream after an explanatory event instead of aborting. */
  readonly sse: boolean;
  /** The scanner decodes Content-Encoding, so the answer must drop it (and Content-Length). */
  readonly decodes: boolean;
}

/** Readable text of an HTML page for /fetch, hidden text kept separately for the injection scan. */
export interface Readable {
  readonly title: string;
  readonly text: string;
  readonly hidden: string;
}

/** A whole, small response body after inspection. */
export interface WholeBodyResult {
  readonly decision: "allow" | "deny";
  /** The bytes to send (possibly with spans stripped). */
  readonly body: Uint8Array;
  readonly findings: readonly Finding[];
  readonly failure?: string;
  /** The body was decoded: drop Content-Encoding. */
  readonly decoded?: boolean;
}

export interface Inspection {
  /** The text of the headers worth scanning ("" = nothing to scan). */
  headerText(rawHeaders: readonly string[], mode: HeaderMode): string;
  /**
   * The headers on neither list (`sensitive` mode scans these for credentials, without the
   * number-shaped rules: see the engine's `rules: "credentials"`); "" when there are none.
   */
  otherHeaderText(rawHeaders: readonly string[]): string;
  /** Decode (bounded) and extract the text of a request body. */
  requestBody(body: Uint8Array, rawHeaders: readonly string[], maxBytes: number): Promise<BodyText>;
  /** A scanning stage for a response body, or undefined when the content type is not scanned. */
  responseScan(request: ResponseScanRequest): ResponseScan | undefined;
  /**
   * Inspect a small response body held whole (known length, at most SMALL_BODY_BYTES): one scan, no
   * stream machinery; undefined when the content type is not scanned.
   */
  responseBody(request: ResponseScanRequest, body: Uint8Array): Promise<WholeBodyResult> | undefined;
  /** HTML → readable text. */
  readable(html: string): Readable;
}
