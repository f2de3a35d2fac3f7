/**
 * @module The closed set of reasons the engine fails closed with. Internal codes, not wire codes.
 */

export const FAILURE_REASONS = {
  internal_error: "the scanner raised an internal error",
  scan_timeout: "the scan did not finish within its deadline",
  input_too_large: "the input is larger than the scanner accepts",
  invalid_utf8: "the input is not valid UTF-8 text",
  invalid_input: "the input could not be parsed",
  resolver_failed: "the destination host could not be resolved",
  canceled: "the scan was canceled",
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

/** Error type scanners throw for a known failure; anything else maps to `internal_error`. */
export class ScanFailure extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, detail?: string) {
    super(detail ? `${FAILURE_REASONS[reason]}: ${detail}` : FAILURE_REASONS[reason]);
    this.reason = reason;
    this.name = "ScanFailure";
  }
}
