/**
 * @module Settings for cross-request detection (reference section `cross_request_detection`) and the
 * fixed bounds behind them. Two detectors share one per-session state: fragment reassembly (DLP over
 * the concatenation of recent outbound pieces) and the entropy budget (bits of high-entropy data a
 * session may send per window).
 */

/** What a cross-request finding asks the door to do. */
export type CrossRequestAction = "block" | "warn";

export interface FragmentReassemblySettings {
  readonly enabled: boolean;
  /** Most characters a session keeps across all its streams (reference `max_buffer_bytes`). */
  readonly maxBufferChars: number;
  /** Fragments older than this are forgotten. */
  readonly windowMs: number;
}

export interface EntropyBudgetSettings {
  readonly enabled: boolean;
  /** Bits of high-entropy tokens a session may send per window; reaching it is a finding. */
  readonly bitsPerWindow: number;
  readonly windowMs: number;
  readonly action: CrossRequestAction;
  /** Destinations whose payloads are not counted (`*.example.com` also matches the apex). */
  readonly exemptDomains: readonly string[];
}

export interface CrossRequestSettings {
  readonly enabled: boolean;
  /** Action for a secret reassembled from fragments. */
  readonly action: CrossRequestAction;
  readonly fragments: FragmentReassemblySettings;
  readonly entropyBudget: EntropyBudgetSettings;
}

/**
 * How far reassembly looks on each side of the boundary between earlier pieces and a new one, in
 * characters. A split secret ends in the newest piece, so only text within this reach of its start
 * can complete one; the built-in DLP rules match at most 200-520 characters (private-key headers
 * included), and 512 more covers their encoded forms. Streams keep no more than this.
 */
export const REASSEMBLY_REACH_CHARS = 512;
/** Per-field streams a session keeps besides its session-wide stream (least recently fed dropped). */
export const MAX_FIELD_STREAMS = 32;
/** Characters one per-field stream keeps (the reach). */
export const FIELD_STREAM_CHARS = REASSEMBLY_REACH_CHARS;
/** Longest field label kept (labels are cut, not rejected). */
export const MAX_FIELD_LABEL_CHARS = 96;
/** Fragments one observation takes; the rest are ignored (a door sends one request's pieces). */
export const MAX_FRAGMENTS_PER_OBSERVATION = 512;
/** Fragments one stream keeps, whatever their size (a secret in more pieces than this is not joined). */
export const MAX_FRAGMENTS_PER_STREAM = 64;
/** Hard ceiling on `maxBufferChars` (1 MiB). */
export const MAX_BUFFER_CHARS_LIMIT = 1024 * 1024;
/** Hard ceiling on both windows (24 h). */
export const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Reference defaults, with the detector switched on (see the config section for why). */
export const DEFAULT_CROSS_REQUEST_SETTINGS: CrossRequestSettings = Object.freeze({
  enabled: true,
  action: "block",
  fragments: Object.freeze({ enabled: true, maxBufferChars: 64 * 1024, windowMs: 5 * 60 * 1000 }),
  entropyBudget: Object.freeze({ enabled: false, bitsPerWindow: 65_536, windowMs: 5 * 60 * 1000, action: "warn", exemptDomains: Object.freeze([]) as readonly string[] }),
});

/** True when at least one detector would do something. */
export function crossRequestActive(settings: CrossRequestSettings): boolean {
  return settings.enabled && (settings.fragments.enabled || settings.entropyBudget.enabled);
}
