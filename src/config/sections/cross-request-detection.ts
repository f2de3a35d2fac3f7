/**
 * @module The `cross_request_detection` config section (reference key names) and its mapping onto
 * the engine's CrossRequestSettings. Two differences from the reference, both deliberate:
 * - `enabled` and `fragment_reassembly.enabled` default to true (the reference ships everything
 *   off): reassembly only reports a secret that no single piece holds, so ordinary traffic stays
 *   silent, and a secret sent in pieces is exactly what a careful attacker does;
 * - `entropy_budget.bits_per_window` defaults to 65,536, not 4,096: this build charges only
 *   high-entropy tokens, each once per window, where the reference charges whole payloads, and an
 *   agent that sends a fresh request id every second already spends ~40,000 bits in 5 minutes. At
 *   that level the budget catches bulk encoded data (a file's worth of base64), not one key — that
 *   is reassembly's job. The budget stays off by default, as in the reference.
 */
import * as v from "valibot";
import { MAX_BUFFER_CHARS_LIMIT, MAX_WINDOW_MS, type CrossRequestSettings } from "../../engine/scanners/cross-request/index.ts";

const Action = v.picklist(["block", "warn"], "must be block or warn");
const minutes = v.pipe(v.number(), v.minValue(0.1, "must be at least 0.1 minutes"), v.maxValue(MAX_WINDOW_MS / 60_000, "must be at most 1440 minutes (24 h)"));
const Domain = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.regex(/^[^\s/:@?#]+$/, "must be a host name or *.example.com, not a URL"));

const EntropyBudget = v.strictObject({
  enabled: v.optional(v.boolean(), false),
  bits_per_window: v.optional(v.pipe(v.number(), v.integer(), v.minValue(64, "must be at least 64 bits")), 65_536),
  window_minutes: v.optional(minutes, 5),
  action: v.optional(Action, "warn"),
  exempt_domains: v.optional(v.array(Domain), []),
});

const FragmentReassembly = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  max_buffer_bytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1024, "must be at least 1024 bytes"), v.maxValue(MAX_BUFFER_CHARS_LIMIT, `must be at most ${MAX_BUFFER_CHARS_LIMIT} bytes`)),
    65_536,
  ),
  window_minutes: v.optional(minutes, 5),
});

export const CrossRequestDetectionSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** Action for a reassembled secret. */
  action: v.optional(Action, "block"),
  entropy_budget: v.optional(EntropyBudget, {}),
  fragment_reassembly: v.optional(FragmentReassembly, {}),
});

export type CrossRequestDetectionConfig = v.InferOutput<typeof CrossRequestDetectionSchema>;

/** The section's defaults, as parsed from an absent section. */
export const CROSS_REQUEST_DETECTION_DEFAULTS: CrossRequestDetectionConfig = v.parse(CrossRequestDetectionSchema, {});

/** Config section → engine settings. */
export function toCrossRequestSettings(section: CrossRequestDetectionConfig): CrossRequestSettings {
  const ms = (m: number) => Math.round(m * 60_000);
  return {
    enabled: section.enabled,
    action: section.action,
    fragments: {
      enabled: section.fragment_reassembly.enabled,
      maxBufferChars: section.fragment_reassembly.max_buffer_bytes,
      windowMs: ms(section.fragment_reassembly.window_minutes),
    },
    entropyBudget: {
      enabled: section.entropy_budget.enabled,
      bitsPerWindow: section.entropy_budget.bits_per_window,
      windowMs: ms(section.entropy_budget.window_minutes),
      action: section.entropy_budget.action,
      exemptDomains: section.entropy_budget.exempt_domains.map((d) => d.toLowerCase()),
    },
  };
}
