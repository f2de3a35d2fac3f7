/**
 * @module scanToolTexts: one tool's texts scanned together. A tool has a dozen short texts (name,
 * description, each property's name and description, …); scanning each alone pays normalization,
 * the keyword prefilter and one RE2 call per candidate rule per text. Instead the texts are joined
 * once and scanned as one gate; only when the gate finds something are the texts scanned one by
 * one, which gives each finding its exact location and drops matches that only exist across two
 * texts. The gate must find a superset of what the per-text scans find, so callers run it with
 * every suppression that looks at surrounding text (quoted mentions) turned off.
 */
import type { Finding } from "../../types.ts";
import type { ToolText } from "./index.ts";

/**
 * Between two texts in the gate: line breaks end every `[^\n]*` span in the packs, and the caret
 * is no word, separator, quote, leetspeak or encoding character, so no `\s+`/`[\s\-_.,;:]+` run
 * and no encoded payload reaches across it.
 */
export const TEXT_SEPARATOR = "\n^\n";

/** Scans one text; `gate` is true for the joined text (suppressions off). */
export type ScanOne = (text: string, location: string, gate: boolean) => Finding[];

/** Findings for the texts, scanning them joined first and one by one only after a gate hit. */
export function scanToolTexts(texts: readonly ToolText[], scanOne: ScanOne): Finding[] {
  if (texts.length === 0) return [];
  if (texts.length === 1) return scanOne(texts[0]!.text, texts[0]!.location, false);
  const joined = texts.map((t) => t.text).join(TEXT_SEPARATOR);
  if (scanOne(joined, "tool", true).length === 0) return [];
  return texts.flatMap((t) => scanOne(t.text, t.location, false));
}
