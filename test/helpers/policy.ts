/**
 * @module Test helpers: build a CompiledPolicy from YAML config text (and the built-in packs) the
 * way `pipelock run` does, and a stub resolver that never touches the network.
 */
import { formatIssue, fromText } from "../../src/config/index.ts";
import type { CompiledPolicy, Resolver } from "../../src/engine/index.ts";
import { buildPolicy, type PolicyBuild } from "../../src/policy/index.ts";

/** Build the policy for `configText` (empty = embedded defaults). Throws with located issues. */
export function policyFrom(configText = "", ruleDirs: string[] = []): CompiledPolicy {
  return buildFrom(configText, ruleDirs).policy;
}

export function buildFrom(configText = "", ruleDirs: string[] = []): PolicyBuild {
  const cfg = fromText(configText, "test.yaml", undefined);
  if (!cfg.ok) throw new Error(cfg.issues.map(formatIssue).join("\n"));
  const built = buildPolicy(cfg.loaded, { ruleDirs });
  if (!built.ok) throw new Error(built.issues.map(formatIssue).join("\n"));
  return built.build;
}

/** A resolver answering from a fixed table; unknown hosts fail like NXDOMAIN. Records every lookup. */
export function stubResolver(table: Record<string, string[]>): Resolver & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    async resolve(host: string) {
      lookups.push(host);
      const answer = table[host];
      if (!answer) throw new Error(`stub resolver: no record for ${host}`);
      return answer;
    },
  };
}
