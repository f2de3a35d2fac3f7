/**
 * @module rules/chains.yaml: every example passes the way tool_policy examples are checked, every
 * rule is a well-formed step classifier, and every class the built-in chains use has a classifier.
 */
import { describe, expect, test } from "bun:test";
import { BUILTIN_CHAINS, stepClassOf } from "../../../../src/engine/scanners/chains/index.ts";
import { loadChainPack } from "./load-chain-pack.ts";

const pack = await loadChainPack();

describe("chains pack", () => {
  test("every example behaves (checked as tool calls)", () => {
    expect(pack.problems).toEqual([]);
  });

  test("every rule is a `kind: chain` step classifier with a tool pattern and MITRE ids", () => {
    expect(pack.rules.length).toBeGreaterThanOrEqual(30);
    for (const r of pack.rules) {
      expect(r.kind).toBe("chain");
      expect(stepClassOf(r)).toBeDefined();
      expect(r.hasToolPattern).toBe(true);
      expect(r.mitre.length).toBeGreaterThan(0);
      if (r.hasPattern) expect(r.keywords.length).toBeGreaterThan(0);
    }
  });

  test("every step class used by a built-in chain has at least one classifier", () => {
    const classes = new Set(pack.rules.map((r) => stepClassOf(r)));
    const used = BUILTIN_CHAINS.flatMap((c) => c.steps.flatMap((s) => (typeof s === "string" ? [s] : [...s])));
    expect(used.filter((c) => !classes.has(c))).toEqual([]);
  });

  test("every classifier's class is used by some built-in chain", () => {
    const used = new Set(BUILTIN_CHAINS.flatMap((c) => c.steps.flatMap((s) => (typeof s === "string" ? [s] : [...s]))));
    expect(pack.rules.map((r) => stepClassOf(r)!).filter((c) => !used.has(c))).toEqual([]);
  });

  test("built-in chains: unique snake_case names, 2-8 steps, high or critical, MITRE ids", () => {
    const names = BUILTIN_CHAINS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of BUILTIN_CHAINS) {
      expect(c.name).toMatch(/^[a-z0-9_]+$/);
      expect(c.steps.length).toBeGreaterThanOrEqual(2);
      expect(c.steps.length).toBeLessThanOrEqual(8);
      expect(["high", "critical"]).toContain(c.severity);
      expect(["block", "ask", "warn"]).toContain(c.action);
      expect(c.mitre.length).toBeGreaterThan(0);
    }
  });
});
