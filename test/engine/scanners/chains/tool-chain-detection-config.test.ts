/**
 * @module The `tool_chain_detection` config section: reference key names and defaults, strictness,
 * and the mapping onto ChainSettings that compileChains accepts.
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { TOOL_CHAIN_DETECTION_DEFAULTS, ToolChainDetectionSchema, toChainSettings } from "../../../../src/config/sections/tool-chain-detection.ts";
import { compileChains } from "../../../../src/engine/scanners/chains/index.ts";
import { chainRules } from "./fixture.ts";

describe("tool_chain_detection section", () => {
  test("defaults: enabled, 20 calls, 60 s, gap 3, no action override", () => {
    expect(TOOL_CHAIN_DETECTION_DEFAULTS).toEqual({ enabled: true, window_size: 20, window_seconds: 60, max_gap: 3, tool_categories: {}, pattern_overrides: {}, custom_patterns: [] });
    expect(toChainSettings(TOOL_CHAIN_DETECTION_DEFAULTS)).toEqual({ enabled: true, windowSize: 20, windowMs: 60_000, maxGap: 3, toolCategories: {}, patternOverrides: {}, customPatterns: [] });
  });

  test("a reference-style section maps onto settings compileChains accepts without problems", () => {
    const section = v.parse(ToolChainDetectionSchema, {
      enabled: true,
      action: "warn",
      window_size: 30,
      window_seconds: 90,
      max_gap: 2,
      tool_categories: { "vault_*": "secret_store_read" },
      pattern_overrides: { "env-then-send": "block" },
      custom_patterns: [{ name: "encode-then-upload", sequence: ["encode", "network_upload|network_send"], severity: "critical", action: "ask" }],
    });
    const settings = toChainSettings(section);
    expect(settings.windowMs).toBe(90_000);
    expect(settings.action).toBe("warn");
    expect(settings.customPatterns[0]).toEqual({ name: "encode_then_upload", sequence: ["encode", "network_upload|network_send"], severity: "critical", action: "ask" });
    const compiled = compileChains(chainRules, settings);
    expect(compiled.problems).toEqual([]);
    expect(compiled.chains.find((c) => c.name === "env_then_send")?.action).toBe("block");
    expect(compiled.chains.find((c) => c.name === "secret_read_then_send")?.action).toBe("warn");
  });

  test.each([
    ["unknown key", { enabled: true, windows: 3 }],
    ["window_size 0", { window_size: 0 }],
    ["window_size too big", { window_size: 5000 }],
    ["fractional max_gap", { max_gap: 1.5 }],
    ["bad action", { action: "strip" }],
    ["bad step class", { custom_patterns: [{ name: "x1", sequence: ["Read", "send"] }] }],
    ["one-step pattern", { custom_patterns: [{ name: "x1", sequence: ["encode"] }] }],
    ["bad category class", { tool_categories: { t: "Network Send" } }],
  ])("rejects %s", (_label, input) => {
    expect(v.safeParse(ToolChainDetectionSchema, input).success).toBe(false);
  });
});
