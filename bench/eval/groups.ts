/**
 * @module Named breakdowns the eval reports besides per-subcategory rates (issue 4's targets name
 * them): secrets by upstream rule category, injection by surface (indirect `tool_result` vs direct
 * `text`), each jailbreak subcategory, and the AgentDojo cases (whose benign items must all pass).
 * A case may be in several groups; floors can name any of them (`file › group`).
 */
import type { CorpusCase } from "./subjects.ts";

/** Subcategories that are jailbreaks ("RCE Test w/o Jailbreak" is not). */
const JAILBREAK = /jailbreak/i;
const NOT_JAILBREAK = /w\/o jailbreak/i;

/** The breakdown groups `c` of corpus `file` belongs to. */
export function groupsFor(file: string, c: CorpusCase): string[] {
  switch (file) {
    case "secrets.jsonl": {
      const cats = c.rule_categories;
      if (!Array.isArray(cats)) return ["rule_categories absent"];
      return cats.includes("secret") ? ["rule_categories ∋ secret"] : [];
    }
    case "injection.jsonl": {
      const groups = [`surface: ${c.surface ?? "unknown"}`];
      const sub = c.subcategory ?? "";
      if (JAILBREAK.test(sub) && !NOT_JAILBREAK.test(sub)) groups.push(`jailbreak: ${sub}`);
      if (sub.startsWith("agentdojo")) groups.push("agentdojo (all suites)");
      return groups;
    }
    default:
      return [];
  }
}
