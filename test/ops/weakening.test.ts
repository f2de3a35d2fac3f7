import { describe, expect, test } from "bun:test";
import { DEFAULT_BLOCKLIST } from "../../src/config/index.ts";
import { findWeakenings, restartOnlyChanges } from "../../src/ops/index.ts";
import { buildFrom } from "../helpers/policy.ts";

type Obj = Record<string, unknown>;
const BASE: Obj = {
  mode: "balanced",
  dlp: { patterns: [{ name: "internal ticket", regex: "TKT-[0-9]{8}" }] },
  kill_switch: { enabled: false },
};
/** Deep-merge `over` into BASE and build (YAML is a superset of JSON). */
function build(over: Obj = {}, base: Obj = BASE) {
  const merge = (a: Obj, b: Obj): Obj => {
    const out: Obj = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = v && typeof v === "object" && !Array.isArray(v) && a[k] && typeof a[k] === "object" ? merge(a[k] as Obj, v as Obj) : v;
    return out;
  };
  return buildFrom(JSON.stringify(merge(base, over)));
}
const base = build();

describe("weakening check", () => {
  test("the same config weakens nothing", () => {
    expect(findWeakenings(base, build())).toEqual([]);
  });

  test.each([
    ["mode lowered", { mode: "audit" }, "mode_lowered", null],
    ["enforce off", { enforce: false }, "enforce_off", null],
    ["a config rule removed", { dlp: { patterns: [] } }, "rules_removed", null],
    ["a rule disabled", { rules: { disabled: ["dlp.aws_access_key_id"] } }, "rules_removed", null],
    ["a rule action lowered", { rules: { actions: { "dlp.aws_access_key_id": "warn" } } }, "action_lowered", null],
    ["DLP defaults off", { dlp: { include_defaults: false } }, "dlp_defaults_disabled", null],
    ["injection scanning off", { response_scanning: { enabled: false } }, "injection_disabled", null],
    ["suppression added", { suppress: [{ rule: "dlp.aws_access_key_id" }] }, "suppressions_added", null],
    ["SSRF exception added", { ssrf: { ip_allowlist: ["10.1.2.0/24"] } }, "ssrf_exceptions_added", null],
    ["trusted domain added", { trusted_domains: ["internal.example"] }, "trusted_domains_added", null],
    ["blocklist entry removed", { fetch_proxy: { monitoring: { blocklist: [] } } }, "blocklist_reduced", null],
    ["min confidence raised", { rules: { min_confidence: "high" } }, "min_confidence_raised", null],
    ["chain detection off", { tool_chain_detection: { enabled: false } }, "chain_detection_disabled", null],
    ["recorder off", {}, "recorder_disabled", { flight_recorder: { enabled: true, dir: "/tmp/x" } }],
    ["kill switch off", {}, "kill_switch_off", { kill_switch: { enabled: true } }],
  ] as [string, Obj, string, Obj | null][])("%s", (_name, over, kind, before) => {
    const from = before ? build(before) : base;
    const to = before ? base : build(over);
    expect(findWeakenings(from, to).map((w) => w.kind)).toContain(kind);
  });

  test("strengthening is not a weakening", () => {
    const stronger = build({ mode: "strict", api_allowlist: ["api.example.com"], fetch_proxy: { monitoring: { blocklist: [...DEFAULT_BLOCKLIST, "*.evil.example"] } } });
    expect(findWeakenings(base, stronger)).toEqual([]);
    expect(findWeakenings(build({ mode: "audit" }), base)).toEqual([]);
  });

  test("in strict mode, widening the allowlist is a weakening", () => {
    const a = build({ mode: "strict", api_allowlist: ["api.example.com"] });
    const b = build({ mode: "strict", api_allowlist: ["api.example.com", "paste.example"] });
    expect(findWeakenings(a, b).map((w) => w.kind)).toEqual(["allowlist_widened"]);
  });

  test("removed rules are listed by id", () => {
    const w = findWeakenings(base, build({ rules: { disabled: ["dlp.aws_*"] } })).find((x) => x.kind === "rules_removed")!;
    expect(w.message).toMatch(/dlp\.aws_access_key_id/);
  });

  test("listener changes are restart-only", () => {
    const after = build({ fetch_proxy: { listen: "127.0.0.1:9999" }, metrics_listen: "127.0.0.1:9998" });
    expect(restartOnlyChanges(base.config.config, after.config.config)).toEqual(["fetch_proxy.listen", "metrics_listen"]);
  });
});
