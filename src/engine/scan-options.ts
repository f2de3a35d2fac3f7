/**
 * @module What a door passes along with a Subject: the effects the engine may use (resolver,
 * clock) and the limits it scans under.
 */
import type { Resolver } from "./types.ts";

export interface ScanOptions {
  /** DNS for SSRF checks. Absent = offline: host names are not resolved (IP literals still checked). */
  readonly resolver?: Resolver;
  /** Aborting the signal ends the scan with a deny (`canceled`). */
  readonly signal?: AbortSignal;
  /** Deadline for the whole scan; exceeding it is a deny (`scan_timeout`). Default SCAN_DEADLINE_MS. */
  readonly deadlineMs?: number;
}

/** Default deadline for one scan. */
export const SCAN_DEADLINE_MS = 5_000;
