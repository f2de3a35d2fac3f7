/**
 * @module createResponseScanner: the push interface over the text and SSE scanners. Feed it upstream
 * bytes with write(), call end() at the end; each call resolves with the bytes that may go downstream
 * now. After a block every call resolves empty and `outcome` says why. Works with any I/O (node:http
 * streams, web streams via responseScanStream, tests).
 */
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_OVERLAP_CHARS, DEFAULT_SCAN_STEP_CHARS, MAX_EVENT_BYTES_CAP } from "./limits.ts";
import { OutcomeRecorder } from "./outcome-recorder.ts";
import type { ResponseOutcome, ScanFn, TextSubjectKind, VerdictReport } from "./scan-types.ts";
import { SseScanner } from "./sse-scanner.ts";
import { TextScanner, type StripFn } from "./text-scanner.ts";

export interface ResponseScannerOptions {
  readonly kind: "sse" | "text";
  readonly scan: ScanFn;
  /** Destination host, passed on in every Subject (per-domain exemptions). */
  readonly host?: string;
  /** Subject kinds each window/event is scanned as. Default: text ["content"], sse ["content", "text"]. */
  readonly subjects?: readonly TextSubjectKind[];
  /** Text: the declared charset (default UTF-8). SSE is always UTF-8. */
  readonly charset?: string;
  /** Text: characters held back and re-scanned with the next chunk (≥ the longest match). Default 4 KiB. */
  readonly overlapChars?: number;
  /** Text: new characters gathered before a scan. Default 16 KiB. */
  readonly scanStepChars?: number;
  /** SSE: largest event (all its lines, in bytes). Default 64 KiB. */
  readonly maxEventBytes?: number;
  /** Text: a precise strip to use instead of locating spans by bisection. */
  readonly strip?: StripFn;
  /** Called for every verdict that is not clean (warn, strip, block), in stream order. */
  readonly onVerdict?: (report: VerdictReport) => void;
}

export interface ResponseScanStats {
  /** Text held right now (characters for text, bytes of the open event for SSE). */
  readonly buffered: number;
  /** The most ever held at once. */
  readonly maxBuffered: number;
  /** SSE events seen. */
  readonly events: number;
}

export interface ResponseScanner {
  write(chunk: Uint8Array): Promise<Uint8Array[]>;
  end(): Promise<Uint8Array[]>;
  /** The stream broke off (upstream reset, timeout): settle as a deny with this failure. */
  abort(failure: string): void;
  /** The client went away: settle as an allow noting `failure`. */
  cancel(failure: string): void;
  readonly outcome: Promise<ResponseOutcome>;
  /** The outcome once settled (end, block or abort), else undefined. */
  readonly settled: ResponseOutcome | undefined;
  stats(): ResponseScanStats;
}

export function createResponseScanner(o: ResponseScannerOptions): ResponseScanner {
  const recorder = new OutcomeRecorder(o.onVerdict);
  const host = o.host === undefined ? {} : { host: o.host };
  const inner =
    o.kind === "sse"
      ? new SseScanner({ scan: o.scan, ...host, subjects: o.subjects ?? ["content", "text"], maxEventBytes: clamp(o.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES, 1, MAX_EVENT_BYTES_CAP) }, recorder)
      : new TextScanner(
          {
            scan: o.scan,
            ...host,
            subjects: o.subjects ?? ["content"],
            ...(o.charset ? { charset: o.charset } : {}),
            overlapChars: Math.max(0, o.overlapChars ?? DEFAULT_OVERLAP_CHARS),
            scanStepChars: Math.max(1, o.scanStepChars ?? DEFAULT_SCAN_STEP_CHARS),
            ...(o.strip ? { strip: o.strip } : {}),
          },
          recorder,
        );
  const guard = async (step: () => Promise<Uint8Array[]>): Promise<Uint8Array[]> => {
    if (recorder.settled) return [];
    try {
      return await step();
    } catch {
      recorder.deny([], "scanner_error");
      return [];
    }
  };
  return {
    write: (chunk) => guard(() => inner.write(chunk)),
    end: () => guard(() => inner.end()),
    abort: (failure) => void recorder.deny([], failure),
    cancel: (failure) => void recorder.allow(failure),
    outcome: recorder.outcome,
    get settled() {
      return recorder.settled;
    },
    stats: () => ({
      buffered: inner instanceof SseScanner ? inner.bufferedBytes : inner.bufferedChars,
      maxBuffered: inner instanceof SseScanner ? inner.maxBufferedBytes : inner.maxBufferedChars,
      events: inner instanceof SseScanner ? inner.events : 0,
    }),
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
