/** @module The MCP config sections: reference key names load, defaults, located errors, mapping onto guard settings. */
import { describe, expect, test } from "bun:test";
import { fromText } from "../../../src/config/index.ts";
import { mcpGuardSettings } from "../../../src/doors/mcp/index.ts";

const load = (text: string) => fromText(text, "test.yaml", undefined);

describe("MCP config sections", () => {
  test("defaults: everything on and blocking", () => {
    const r = load("");
    if (!r.ok) throw new Error("default config does not load");
    const s = mcpGuardSettings(r.loaded.config);
    expect(s.input).toEqual({ enabled: true, action: "block", onParseError: "block" });
    expect(s.tools).toEqual({ enabled: true, action: "block", detectDrift: true, driftAction: "block" });
    expect(s.binding).toEqual({ enabled: true, unknownToolAction: "block", noBaselineAction: "block" });
    expect(s.maxMessageBytes).toBe(10 * 1024 * 1024);
  });

  test("a reference-style config loads without 'not acted on' warnings", () => {
    const text = [
      "mcp_input_scanning: {enabled: true, action: warn, on_parse_error: forward}",
      "mcp_tool_scanning: {enabled: true, action: warn, detect_drift: true}",
      "mcp_session_binding: {enabled: true, unknown_tool_action: warn, no_baseline_action: warn}",
      "mcp_ws_listener: {allowed_origins: ['https://app.example.test'], max_connections: 10}",
      "mcp_tool_policy:",
      "  enabled: true",
      "  action: warn",
      "  rules:",
      "    - {name: Block curl uploads, tool_pattern: '^(bash|shell)$', arg_pattern: 'curl.*-d', action: block}",
      "    - {name: Safe delete, tool_pattern: '^bash$', arg_pattern: 'rm ', action: redirect, redirect_profile: trash}",
      "  redirect_profiles:",
      "    trash: {exec: [/usr/local/bin/trash-handler], reason: move to trash, preserve_argv: true}",
      "  quarantine_dir: /tmp/q",
    ].join("\n");
    const r = load(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.loaded.warnings.filter((w) => w.includes("mcp_"))).toEqual([]);
    const s = mcpGuardSettings(r.loaded.config);
    expect(s.policy.redirects["tool.custom.safe_delete"]).toMatchObject({ kind: "exec", exec: ["/usr/local/bin/trash-handler"], preserveArgv: true });
    expect(s.input.action).toBe("warn");
  });

  test.each([
    ["mcp_tool_policy:\n  rules:\n    - {name: x, tool_pattern: a, action: redirect}", "redirect_profile"],
    ["mcp_tool_policy:\n  redirect_profiles: {p: {exec: [a], tool: b}}", "exactly one of exec and tool"],
    ["mcp_tool_policy:\n  redirect_rules: {tool.destructive_delete: missing}", "redirect_rules"],
    ["mcp_session_binding: {unknown_tool_action: maybe}", "mcp_session_binding"],
    ["mcp_input_scanning: {max_message_bytes: 10}", "mcp_input_scanning"],
    ["mcp_ws_listener: {allowed_origins: ['not an origin']}", "origin"],
    ["mcp_tool_scanning: {typo: true}", "mcp_tool_scanning"],
  ])("%s is a located error", (text, words) => {
    const r = load(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.issues)).toContain(words);
  });
});
