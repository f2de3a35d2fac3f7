/**
 * @module Which normalization a rule kind's scanner applies before matching; rule examples go
 * through the same function so an example passes only if live traffic would be caught.
 */
import type { RuleKind } from "../types.ts";
import { normalizeText } from "./text.ts";
import { normalizeForInjection } from "./for-injection.ts";

/** Normalize `text` the way the scanner for `kind` does. */
export function normalizeForRule(kind: RuleKind, text: string): string {
  switch (kind) {
    case "dlp":
    case "url":
    case "tool_policy":
    case "chain":
      return normalizeText(text);
    case "injection":
    case "tool_description":
      return normalizeForInjection(text);
    default: {
      const unreachable: never = kind;
      throw new TypeError(`unknown rule kind ${String(unreachable)}`);
    }
  }
}
