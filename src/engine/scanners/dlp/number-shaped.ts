/**
 * @module Number-shaped DLP rules: those anchored only by a run of digits (card numbers, IBANs,
 * SSNs). Machine text is full of long numbers (trace ids, counters, the digit groups of UUIDs), so
 * some callers leave these rules out or hold them to stricter evidence.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import type { TriggerName } from "../../types.ts";

/** The trigger that wakes the number-shaped rules. */
export const NUMBER_TRIGGERS: readonly TriggerName[] = ["digit_run"];

export function isNumberShaped(rule: CompiledRule): boolean {
  return rule.trigger !== undefined && NUMBER_TRIGGERS.includes(rule.trigger);
}
