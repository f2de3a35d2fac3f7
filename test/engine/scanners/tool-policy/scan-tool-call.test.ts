/** @module Tests for scanToolCall: finding shape, tool scoping, argument views and locations. */
import { describe, expect, test } from "bun:test";
import { compileRule, type CompiledRule, type RuleDefinition } from "../../../../src/engine/index.ts";
import { scanToolCall, toolRuleMatches } from "../../../../src/engine/scanners/tool-policy/index.ts";

const SHELL = "^(?:bash|sh|shell|exec|run_command)$";

function rule(def: Partial<RuleDefinition> & { id: string }): CompiledRule {
  return compileRule({ kind: "tool_policy", severity: "high", ...def }, "test-pack");
}

const rmRule = rule({
  id: "test.rm",
  name: "Recursive delete",
  action: "block",
  tool_pattern: SHELL,
  pattern: "\\brm\\s+-[a-z]*r",
  keywords: ["rm"],
  mitre: ["T1485"],
  owasp: ["LLM06:2025"],
});

describe("scanToolCall", () => {
  test("a matching rule yields one explained finding", () => {
    const findings = scanToolCall("bash", { command: "rm -rf /srv/app" }, [rmRule]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.scanner).toBe("tool_policy");
    expect(f.rule_id).toBe("test.rm");
    expect(f.severity).toBe("high");
    expect(f.action).toBe("block");
    expect(f.location).toBe("arguments.command");
    expect(f.excerpt).toBe("rm -r");
    expect(f.message).toContain("Recursive delete");
    expect(f.message).toContain("bash");
    expect(f.mitre).toEqual(["T1485"]);
    expect(f.owasp).toEqual(["LLM06:2025"]);
    expect(f.exempt).toContain("suppress:");
    expect(f.exempt).toContain("- rule: test.rm");
    expect(f.exempt).toContain('tool: "bash"');
  });

  test("one finding per rule even when it matches several values", () => {
    const findings = scanToolCall("bash", { a: "rm -r x", b: "rm -r y" }, [rmRule]);
    expect(findings.map((f) => f.rule_id)).toEqual(["test.rm"]);
  });

  test("tools outside tool_pattern are not checked", () => {
    expect(scanToolCall("read_file", { path: "rm -rf /" }, [rmRule])).toEqual([]);
  });

  test.each([["mcp__server__bash"], ["server.bash"], ["server/bash"], ["BASH"], ["b\u0430sh"]])("tool name %p counts as bash", (name) => {
    expect(scanToolCall(name, { command: "rm -rf /" }, [rmRule])).toHaveLength(1);
  });

  test("a namespaced name whose last part is not a shell does not count", () => {
    expect(scanToolCall("bash__read_file", { command: "rm -rf /" }, [rmRule])).toEqual([]);
  });

  test("obfuscated commands match through the shell view", () => {
    for (const command of ["r\\m -rf /", "'r'm -rf /", "$'\\x72\\x6d' -rf /", "rm${IFS}-rf /", "a=r;b=m;$a$b -rf /", "{rm,-rf,/}"]) {
      expect(scanToolCall("bash", { command }, [rmRule]).map((f) => f.rule_id)).toEqual(["test.rm"]);
    }
  });

  test("invisible characters read as spaces in one view", () => {
    expect(scanToolCall("bash", { command: "rm\u200B-rf /" }, [rmRule])).toHaveLength(1);
  });

  test("a command split across values matches on the joined line", () => {
    const findings = scanToolCall("bash", { args: ["-rf", "/srv"], command: "rm" }, [rmRule]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location).toBe("arguments");
  });

  test("arg_key limits which values are checked", () => {
    const pathRule = rule({ id: "test.cron", tool_pattern: "^write_file$", arg_key: "^path$", pattern: "/etc/cron\\.d/", keywords: ["cron"] });
    expect(scanToolCall("write_file", { path: "/etc/cron.d/job", content: "x" }, [pathRule])).toHaveLength(1);
    expect(scanToolCall("write_file", { path: "notes.md", content: "see /etc/cron.d/" }, [pathRule])).toEqual([]);
  });

  test("a rule with only tool_pattern matches on the tool name", () => {
    const nameOnly = rule({ id: "test.deny_tool", tool_pattern: "^dangerous_tool$" });
    const findings = scanToolCall("dangerous_tool", {}, [nameOnly]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.location).toBe("tool");
    expect(scanToolCall("other_tool", {}, [nameOnly])).toEqual([]);
  });

  test("rules of other kinds are ignored", () => {
    const dlp = compileRule({ id: "test.dlp", kind: "dlp", severity: "high", pattern: "rm", keywords: ["rm"] }, "p");
    expect(scanToolCall("bash", { command: "rm -rf /" }, [dlp])).toEqual([]);
  });

  test.each([[null], [undefined], [42], [[]], [{}], ["plain text"], [{ a: { b: [1, true, null] } }]])("odd arguments %p never throw", (args) => {
    expect(() => scanToolCall("bash", args, [rmRule])).not.toThrow();
  });

  test("long excerpts are truncated", () => {
    const long = rule({ id: "test.long", pattern: "x{10,}", keywords: ["xx"], max_length: 2048 });
    const [f] = scanToolCall("anything", { v: "x".repeat(1000) }, [long]);
    expect(f!.excerpt!.length).toBeLessThanOrEqual(120);
  });
});

describe("toolRuleMatches", () => {
  test("without a tool name the tool_pattern is not consulted", () => {
    expect(toolRuleMatches(rmRule, undefined, "rm -rf /")).toBe(true);
    expect(toolRuleMatches(rmRule, "read_file", "rm -rf /")).toBe(false);
  });
});
