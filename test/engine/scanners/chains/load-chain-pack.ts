/**
 * @module Test helper: rules/chains.yaml compiled, with every example checked the way tool_policy
 * examples are (a JSON tool call through the tool-call matcher) — the routing the report asks
 * src/engine/match/examples.ts to apply to `kind: chain` rules.
 */
import { join } from "node:path";
import * as v from "valibot";
import { parse as parseYaml } from "yaml";
import { compileRule, type CompiledRule } from "../../../../src/engine/index.ts";
import { toolRuleMatches } from "../../../../src/engine/scanners/tool-policy/index.ts";
import { PackSchema } from "../../../../src/rules/schema.ts";

export const CHAIN_PACK = join(import.meta.dir, "../../../../rules/chains.yaml");

export interface ChainPack {
  readonly rules: readonly CompiledRule[];
  /** Example failures, as sentences (empty when every example behaves). */
  readonly problems: readonly string[];
}

export async function loadChainPack(): Promise<ChainPack> {
  const spec = v.parse(PackSchema, parseYaml(await Bun.file(CHAIN_PACK).text()));
  const rules: CompiledRule[] = [];
  const problems: string[] = [];
  for (const r of spec.rules) {
    const rule = compileRule(r, spec.name);
    rules.push(rule);
    r.examples.match.forEach((ex, i) => {
      if (!exampleMatches(rule, ex)) problems.push(`${r.id}: examples.match[${i}] not matched: ${ex}`);
    });
    r.examples.no_match.forEach((ex, i) => {
      if (exampleMatches(rule, ex)) problems.push(`${r.id}: examples.no_match[${i}] matched: ${ex}`);
    });
  }
  return { rules, problems };
}

/** A JSON `{"tool_name", "arguments"}` example through the tool-call matcher; plain text as argument text. */
export function exampleMatches(rule: CompiledRule, example: string): boolean {
  const trimmed = example.trim();
  if (trimmed.startsWith("{")) {
    try {
      const obj = JSON.parse(trimmed) as { tool_name?: unknown; arguments?: unknown };
      if (typeof obj.tool_name === "string") return toolRuleMatches(rule, obj.tool_name, obj.arguments ?? {});
    } catch {
      // fall through: argument text
    }
  }
  return toolRuleMatches(rule, undefined, example);
}
