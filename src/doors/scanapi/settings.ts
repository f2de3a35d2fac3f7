/**
 * @module What the Scan API door is configured with and what it is given: settings (read per
 * request, so a hot reload swaps them), the injected scan function, kill switch and clock.
 */
import type { Subject, Verdict } from "../../engine/types.ts";

/** Request kinds the Scan API accepts; `tool_description` is our addition to the wire contract. */
export const SCAN_API_KINDS = ["url", "dlp", "prompt_injection", "tool_call", "tool_description"] as const;
export type ScanApiKind = (typeof SCAN_API_KINDS)[number];

export interface ScanApiFieldLimits {
  readonly url: number;
  readonly text: number;
  readonly content: number;
  readonly arguments: number;
}

export interface ScanApiSettings {
  /** At least one non-empty token, else `startScanApi` refuses to start; none at request time = every request 401. */
  readonly bearerTokens: readonly string[];
  /** Per-token token bucket refill rate. */
  readonly requestsPerMinute: number;
  /** Per-token token bucket capacity. */
  readonly burst: number;
  readonly maxBodyBytes: number;
  /** Byte limits per input field (arguments and tool objects: their JSON serialisation). */
  readonly fieldLimits: ScanApiFieldLimits;
  readonly scanTimeoutMs: number;
  /** How long a client may take to send the request body (`scan_api.timeouts.read`). */
  readonly readTimeoutMs?: number;
  /** How long a connection may stall while the answer is written (`scan_api.timeouts.write`); Bun's idle timeout, whole seconds. */
  readonly writeTimeoutMs?: number;
  /** Most requests handled at once (`scan_api.connection_limit`); more answer 503 `server_busy`, retryable. */
  readonly connectionLimit?: number;
  readonly kinds: Readonly<Record<ScanApiKind, boolean>>;
  readonly engineVersion: string;
}

export interface ScanApiDeps {
  /** The engine behind the door; the door never scans by itself. */
  readonly scan: (subject: Subject, options: { signal: AbortSignal; deadlineMs: number }) => Promise<Verdict>;
  /** Read once per request; the request keeps the settings it started with. */
  readonly settings: () => ScanApiSettings;
  /** True → every scan request answers 503 `kill_switch_active`. */
  readonly killSwitch?: () => boolean;
  /** Monotonic clock in ms, injectable for rate-limit tests. Default `performance.now`. */
  readonly now?: () => number;
}

/** Defaults for everything but the tokens and the engine version (pipelock-core.md §8). */
export const SCAN_API_DEFAULTS = {
  requestsPerMinute: 600,
  burst: 50,
  maxBodyBytes: 1024 * 1024,
  fieldLimits: { url: 8192, text: 512 * 1024, content: 512 * 1024, arguments: 512 * 1024 },
  scanTimeoutMs: 5_000,
  readTimeoutMs: 2_000,
  writeTimeoutMs: 2_000,
  connectionLimit: 100,
  kinds: { url: true, dlp: true, prompt_injection: true, tool_call: true, tool_description: true },
} as const satisfies Omit<ScanApiSettings, "bearerTokens" | "engineVersion">;

/** Full settings from the required fields plus any overrides; the rest comes from SCAN_API_DEFAULTS. */
export function scanApiSettings(
  required: Pick<ScanApiSettings, "bearerTokens" | "engineVersion">,
  overrides: Partial<Omit<ScanApiSettings, "bearerTokens" | "engineVersion">> = {},
): ScanApiSettings {
  return { ...SCAN_API_DEFAULTS, ...overrides, ...required };
}

/** A positive finite number, else the fallback: a bad hot-reloaded value never disables a limit. */
export function positiveOr(value: number, fallback: number): number {
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
