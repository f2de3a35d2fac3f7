/**
 * @module Every bound of the body module in one place: sizes, depths, counts. Anything over a bound
 * is a failure (a deny), never a silent truncation.
 */

const KIB = 1024;
const MIB = 1024 * KIB;

/** request_body_scanning.max_body_bytes default (reference: 5 MiB), applied to the decoded body. */
export const DEFAULT_MAX_BODY_BYTES = 5 * MIB;
/** Stacked Content-Encoding layers decoded at most ("gzip, br" is two). */
export const MAX_ENCODING_LAYERS = 4;
/** Deepest JSON nesting extracted (reference: 64); deeper is a failure. */
export const MAX_JSON_DEPTH = 64;
/** Most form fields extracted from one urlencoded body. */
export const MAX_FORM_FIELDS = 100_000;
/** Most parts of a multipart body (reference: 100). */
export const MAX_MULTIPART_PARTS = 100;
/** Longest multipart filename in UTF-8 bytes (reference: 256). */
export const MAX_FILENAME_BYTES = 256;
/** Longest header block of one multipart part. */
export const MAX_PART_HEADER_BYTES = 16 * KIB;
/** Most request headers turned into text. */
export const MAX_HEADER_COUNT = 256;
/** Largest engine Subject the module ever builds (the engine's own limit is 16 MiB). */
export const MAX_TEXT_CHARS_CAP = 15 * MIB;
/** Slack over twice the body for names, labels and decoded copies. */
const TEXT_SLACK_CHARS = 64 * KIB;

/** Text a request may turn into: both decoded and raw copies of an encoded part, bounded. */
export function defaultMaxTextChars(maxBodyBytes: number): number {
  return Math.min(MAX_TEXT_CHARS_CAP, 2 * maxBodyBytes + TEXT_SLACK_CHARS);
}

/** Characters carried between response chunks: the longest match the rules can make (DESIGN.md §5). */
export const DEFAULT_OVERLAP_CHARS = 4 * KIB;
/** New characters gathered before a response window is scanned (amortises the overlap re-scan). */
export const DEFAULT_SCAN_STEP_CHARS = 16 * KIB;
/** Upstream chunks are cut into pieces of at most this many bytes before decoding. */
export const MAX_SEGMENT_BYTES = 16 * KIB;
/** Largest SSE event (raw bytes, all lines) scanned; reference default 64 KiB. */
export const DEFAULT_MAX_EVENT_BYTES = 64 * KIB;
/** Hard ceiling for the configurable event size. */
export const MAX_EVENT_BYTES_CAP = 16 * MIB;
/** Strip-then-rescan rounds before a strip gives up and the stream is cut. */
export const MAX_STRIP_ROUNDS = 4;
/** Findings kept in a stream's outcome (warnings accumulate across windows). */
export const MAX_OUTCOME_FINDINGS = 50;

/** Deepest element stack tracked by the HTML tokenizer; deeper tags inherit their parent's state. */
export const MAX_HTML_DEPTH = 512;
