/**
 * @module The `cross_request_detection` section: reference key names, our defaults, strictness,
 * bounds, and the mapping to engine settings.
 */
import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { CROSS_REQUEST_DETECTION_DEFAULTS, CrossRequestDetectionSchema, toCrossRequestSettings } from "../../../src/config/sections/cross-request-detection.ts";
import { DEFAULT_CROSS_REQUEST_SETTINGS } from "../../../src/engine/scanners/cross-request/index.ts";

describe("cross_request_detection", () => {
  test("the section's defaults map to the engine's defaults", () => {
    expect(toCrossRequestSettings(CROSS_REQUEST_DETECTION_DEFAULTS)).toEqual(DEFAULT_CROSS_REQUEST_SETTINGS);
  });

  test("a reference config loads and maps", () => {
    const section = v.parse(CrossRequestDetectionSchema, {
      enabled: true,
      action: "warn",
      entropy_budget: { enabled: true, bits_per_window: 500_000, window_minutes: 10, action: "block", exempt_domains: ["*.Anthropic.com", "api.openai.com"] },
      fragment_reassembly: { enabled: true, max_buffer_bytes: 131_072, window_minutes: 2 },
    });
    expect(toCrossRequestSettings(section)).toEqual({
      enabled: true,
      action: "warn",
      fragments: { enabled: true, maxBufferChars: 131_072, windowMs: 120_000 },
      entropyBudget: { enabled: true, bitsPerWindow: 500_000, windowMs: 600_000, action: "block", exemptDomains: ["*.anthropic.com", "api.openai.com"] },
    });
  });

  test.each([
    ["an unknown key", { enabeld: true }],
    ["an unknown nested key", { fragment_reassembly: { max_bytes: 10 } }],
    ["an action the section does not take", { action: "ask" }],
    ["a buffer below 1 KiB", { fragment_reassembly: { max_buffer_bytes: 10 } }],
    ["a buffer above 1 MiB", { fragment_reassembly: { max_buffer_bytes: 4 * 1024 * 1024 } }],
    ["a zero window", { entropy_budget: { window_minutes: 0 } }],
    ["a URL as an exempt domain", { entropy_budget: { exempt_domains: ["https://api.example.com/"] } }],
    ["a fractional bit budget", { entropy_budget: { bits_per_window: 10.5 } }],
  ])("rejects %s", (_, input) => {
    expect(v.safeParse(CrossRequestDetectionSchema, input).success).toBe(false);
  });
});
