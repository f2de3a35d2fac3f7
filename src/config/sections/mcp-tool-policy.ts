/**
 * @module `mcp_tool_policy` (reference key names): tool-call policy for MCP. The built-in
 * tool_policy pack always applies; `rules` add config-defined rules (`tool_pattern`, optional
 * `arg_pattern` / `arg_key`, RE2 syntax) compiled like pack rules with ids `tool.custom.<name>`;
 * `enabled: false` ignores tool-policy findings in the MCP proxy. `redirect_profiles` say what a
 * `redirect` does: `exec` runs a local handler whose output becomes the tool result (reference
 * behaviour), or `tool` (our addition) swaps the call for a safe tool of the same server.
 * `redirect_rules` (our addition) maps pack rule ids to a profile; config rules name theirs.
 */
import * as v from "valibot";
import type { RuleDefinition } from "../../engine/index.ts";

const Action = v.picklist(["block", "warn", "redirect", "ask"]);

const Rule = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  tool_pattern: v.pipe(v.string(), v.minLength(1)),
  arg_pattern: v.optional(v.pipe(v.string(), v.minLength(1))),
  arg_key: v.optional(v.pipe(v.string(), v.minLength(1))),
  action: v.optional(Action),
  redirect_profile: v.optional(v.pipe(v.string(), v.minLength(1))),
});

const RedirectProfile = v.pipe(
  v.strictObject({
    exec: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1))), v.minLength(1), v.maxLength(64))),
    tool: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))),
    arguments: v.optional(v.record(v.string(), v.unknown())),
    preserve_arguments: v.optional(v.boolean(), false),
    preserve_argv: v.optional(v.boolean(), false),
    match_abs_path: v.optional(v.boolean(), false),
    reason: v.optional(v.string(), ""),
    timeout_seconds: v.optional(v.pipe(v.number(), v.minValue(1), v.maxValue(300)), 30),
  }),
  v.check((p) => (p.exec === undefined) !== (p.tool === undefined), "a redirect profile needs exactly one of exec and tool"),
);

export const McpToolPolicySection = v.pipe(
  v.strictObject({
    enabled: v.optional(v.boolean(), true),
    /** Action of config rules that do not set one. */
    action: v.optional(Action, "warn"),
    rules: v.optional(v.pipe(v.array(Rule), v.maxLength(1000)), []),
    redirect_profiles: v.optional(v.record(v.string(), RedirectProfile), {}),
    redirect_rules: v.optional(v.record(v.string(), v.string()), {}),
    quarantine_dir: v.optional(v.string()),
  }),
  v.check((s) => s.rules.every((r) => (r.action ?? s.action) !== "redirect" || (r.redirect_profile !== undefined && r.redirect_profile in s.redirect_profiles)), "a rule whose action is redirect needs a redirect_profile defined in redirect_profiles"),
  v.check((s) => Object.values(s.redirect_rules).every((p) => p in s.redirect_profiles), "redirect_rules must name profiles defined in redirect_profiles"),
);

export type McpToolPolicyConfig = v.InferOutput<typeof McpToolPolicySection>;
export const MCP_TOOL_POLICY_DEFAULT: McpToolPolicyConfig = v.parse(McpToolPolicySection, {});

/** Stable id of a config rule: `tool.custom.<slug>`. */
export function mcpRuleId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "").slice(0, 60) || "rule";
  return `tool.custom.${slug}`;
}

/** Config rules as engine rule definitions, with their config paths (for located errors). */
export function mcpToolPolicyRules(section: McpToolPolicyConfig): { def: RuleDefinition; path: string }[] {
  return section.rules.map((r, i) => ({
    path: `mcp_tool_policy.rules[${i}]`,
    def: {
      id: mcpRuleId(r.name),
      kind: "tool_policy",
      name: r.name,
      severity: "high",
      action: r.action ?? section.action,
      tool_pattern: r.tool_pattern,
      ...(r.arg_pattern !== undefined ? { pattern: r.arg_pattern } : {}),
      ...(r.arg_key !== undefined ? { arg_key: r.arg_key } : {}),
      max_length: 1024,
      mitre: ["T1059"],
    },
  }));
}

/** Rule id → redirect profile name, from `redirect_rules` and the config rules. */
export function mcpRedirectRules(section: McpToolPolicyConfig): Record<string, string> {
  const out: Record<string, string> = { ...section.redirect_rules };
  for (const r of section.rules) if (r.redirect_profile !== undefined) out[mcpRuleId(r.name)] = r.redirect_profile;
  return out;
}
