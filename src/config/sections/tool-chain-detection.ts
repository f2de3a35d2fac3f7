/**
 * @module The `tool_chain_detection` config section (reference key names) and its mapping onto the
 * engine's ChainSettings. `enabled` defaults to true here (the reference ships it off): every
 * built-in chain starts with a step ordinary development does not take (a credential read, an
 * environment dump, a persistence write, a security control turned off, a dropper script, ...),
 * measured silent on realistic developer sessions; steps a person may legitimately chain (run a
 * binary just downloaded, dump a database to storage) ask rather than block.
 */
import * as v from "valibot";
import { SEVERITIES } from "../../engine/index.ts";
import type { ChainSettings } from "../../engine/scanners/chains/index.ts";

const ChainAction = v.picklist(["block", "warn", "ask"]);
const ClassName = v.pipe(v.string(), v.regex(/^[a-z0-9_]{2,64}$/, "must be a step class name (lower-case letters, digits, _)"));
/** One step: a class, or alternatives `a|b`. */
const Step = v.pipe(v.string(), v.regex(/^[a-z0-9_]{2,64}(\|[a-z0-9_]{2,64}){0,7}$/, "must be a step class, or classes separated by |"));
const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

const CustomPattern = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, "must be lower-case letters, digits, _ or - (2-64 chars)")),
  sequence: v.pipe(v.array(Step), v.minLength(2, "needs at least 2 steps"), v.maxLength(8, "at most 8 steps")),
  severity: v.optional(v.picklist(SEVERITIES), "high"),
  action: v.optional(ChainAction),
  /** Our addition: MITRE ATT&CK ids reported with the chain. */
  mitre: v.optional(v.array(v.pipe(v.string(), v.regex(/^T\d{4}(\.\d{3})?$/, "must be a MITRE ATT&CK technique id")))),
});

export const ToolChainDetectionSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** When set, the action of every chain without a pattern override. */
  action: v.optional(ChainAction),
  window_size: v.optional(int(1, 1000), 20),
  window_seconds: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(86_400)), 60),
  max_gap: v.optional(int(0, 100), 3),
  /** Tool name or `*` glob → step class added to every call of that tool. */
  tool_categories: v.optional(v.record(v.string(), ClassName), {}),
  /** Chain name (`secret_read_then_send`; `-` reads as `_`) → action. */
  pattern_overrides: v.optional(v.record(v.string(), ChainAction), {}),
  custom_patterns: v.optional(v.pipe(v.array(CustomPattern), v.maxLength(100, "at most 100 custom patterns")), []),
});

export type ToolChainDetectionConfig = v.InferOutput<typeof ToolChainDetectionSchema>;

/** The section's defaults, as parsed from an absent section. */
export const TOOL_CHAIN_DETECTION_DEFAULTS: ToolChainDetectionConfig = v.parse(ToolChainDetectionSchema, {});

/** Config section → engine settings. */
export function toChainSettings(section: ToolChainDetectionConfig): ChainSettings {
  return {
    enabled: section.enabled,
    ...(section.action ? { action: section.action } : {}),
    windowSize: section.window_size,
    windowMs: Math.round(section.window_seconds * 1000),
    maxGap: section.max_gap,
    toolCategories: section.tool_categories,
    patternOverrides: section.pattern_overrides,
    customPatterns: section.custom_patterns.map((p) => ({
      name: p.name.replace(/-/g, "_"),
      sequence: p.sequence,
      severity: p.severity,
      ...(p.action ? { action: p.action } : {}),
      ...(p.mitre ? { mitre: p.mitre } : {}),
    })),
  };
}
