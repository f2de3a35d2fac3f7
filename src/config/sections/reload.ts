/**
 * @module Config section `reload` (ours): hot reload on SIGHUP and on config-file changes. A reload
 * that weakens protection (rules removed, mode lowered, DLP or injection scanning off, kill switch
 * off...) is refused unless `allow_weakening` is true in the new config or `--allow-weakening` was given.
 */
import * as v from "valibot";

export const ReloadSection = v.strictObject({
  /** Watch the config file and reload on change. */
  watch: v.optional(v.boolean(), true),
  debounce_ms: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(60_000)), 200),
  allow_weakening: v.optional(v.boolean(), false),
});

export type ReloadConfig = v.InferOutput<typeof ReloadSection>;
export const RELOAD_DEFAULT: ReloadConfig = v.parse(ReloadSection, {});
