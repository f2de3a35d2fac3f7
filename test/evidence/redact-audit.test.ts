import { describe, expect, test } from "bun:test";
import { eventName, eventSeverity, KILL_SWITCH_FAILURE, type EventSeverity, Redactor, stripUrlSecrets, toAuditRecord, toRecorderDetail, techniquesOf, type DecisionEvent } from "../../src/evidence/index.ts";
import { policyFrom } from "../helpers/policy.ts";
import { ALLOW_EVENT, DENY_EVENT } from "./_fixtures.ts";

// Fake values written for these tests (not from any corpus).
const FAKE_AWS = "AKIAQWERTYZ234567ABC";
const CANARY = "canary-Zq8xW3vL0pR7tY2u";
const policy = policyFrom(`canary_tokens:\n  enabled: true\n  tokens:\n    - name: c1\n      value: ${CANARY}\n`);

describe("stripUrlSecrets", () => {
  test.each([
    ["https://h.example/p?a=1&token=abc", "https://h.example/p?a&token"],
    ["https://user:pw@h.example/x", "https://h.example/x"],
    ["GET http://h.example/?q=secret#frag other=1", "GET http://h.example/?q#frag other=1"],
    ["no url here", "no url here"],
  ])("%s", (input, out) => {
    expect(stripUrlSecrets(input)).toBe(out);
  });
});

describe("Redactor", () => {
  const r = new Redactor(() => policy);
  test.each([
    [`key ${FAKE_AWS} here`, "key AKIA…[20 chars] here"],
    [`see ${CANARY} now`, "see …[23 chars] now"],
    [`https://h.example/u?k=${FAKE_AWS}`, "https://h.example/u?k"],
    ["nothing secret", "nothing secret"],
  ])("text %s", (input, out) => {
    expect(r.text(input)).toBe(out);
  });

  test("masks every string field of an event and its findings, leaving the rest", () => {
    const e: DecisionEvent = {
      ...DENY_EVENT,
      target: `https://h.example/${FAKE_AWS}?token=${FAKE_AWS}`,
      agent: `agent ${CANARY}`,
      failure: `upstream said ${FAKE_AWS}`,
      findings: [{ scanner: "tool_policy", rule_id: "tool.curl", severity: "high", action: "block", message: `curl with ${FAKE_AWS}`, excerpt: `curl -H "x: ${FAKE_AWS}"` }],
    };
    const out = JSON.stringify(r.event(e));
    expect(out).not.toContain(FAKE_AWS);
    expect(out).not.toContain(CANARY);
    expect(r.event(e).status).toBe(403);
  });

  test("an ops event's detail is masked recursively", () => {
    const o = r.ops({ ts: "t", kind: "config_reload", outcome: "invalid", message: `bad ${FAKE_AWS}`, severity: "warn", detail: { issues: [`x ${CANARY}`], n: 3 } });
    expect(JSON.stringify(o)).not.toMatch(new RegExp(`${FAKE_AWS}|${CANARY}`));
    expect(o.detail?.n).toBe(3);
  });

  test("without a policy it still strips URL secrets", () => {
    expect(new Redactor(() => undefined).text("https://a:b@h.example/?x=1")).toBe("https://h.example/?x");
  });
});

describe("audit records", () => {
  test("a deny carries scanner, rule, severity, action, door, session, agent, excerpt and MITRE id", () => {
    const rec = toAuditRecord(DENY_EVENT);
    expect(rec).toMatchObject({
      event: "blocked",
      severity: "critical",
      door: "fetch",
      decision: "deny",
      action: "block",
      scanner: "dlp",
      rule_id: "dlp.aws_access_key_id",
      rule_severity: "critical",
      mitre_technique: "T1552.001",
      excerpt: "AKIA…[20 chars]",
      session: "s-1",
      agent: "agent-a",
      findings_count: 1,
    });
    expect(rec.message).toBe("fetch: blocked https://api.example.com/upload?token: dlp.aws_access_key_id (critical)");
  });

  test.each([
    ["allow, no findings", ALLOW_EVENT, "allowed", "info"],
    ["allow with a warn finding", { ...ALLOW_EVENT, findings: [{ ...DENY_EVENT.findings[0]!, severity: "medium" as const, action: "warn" as const }] }, "warned", "warn"],
    ["deny, high finding", { ...DENY_EVENT, findings: [{ ...DENY_EVENT.findings[0]!, severity: "high" as const }] }, "blocked", "warn"],
    ["deny, fail closed", { ...DENY_EVENT, findings: [], failure: "scan_timeout" }, "blocked", "warn"],
    ["kill switch", { ...DENY_EVENT, findings: [], failure: KILL_SWITCH_FAILURE }, "kill_switch_deny", "critical"],
  ] as [string, DecisionEvent, string, EventSeverity][])("%s", (_n, e, name, sev) => {
    expect(eventName(e)).toBe(name);
    expect(eventSeverity(e)).toBe(sev);
  });

  test("the decisive finding is the one whose action won", () => {
    const e: DecisionEvent = {
      ...DENY_EVENT,
      findings: [
        { scanner: "prompt_injection", rule_id: "inj.a", severity: "critical", action: "warn", message: "a" },
        { scanner: "url", rule_id: "url.ssrf_private_ip", severity: "high", action: "block", message: "b" },
      ],
    };
    const rec = toAuditRecord(e);
    expect(rec.rule_id).toBe("url.ssrf_private_ip");
    expect(rec.mitre_technique).toBe("T1046"); // no declared id: SSRF falls back to discovery
    expect(rec.findings?.length).toBe(2);
  });

  test.each([
    ["dlp", "dlp.x", "T1048"],
    ["url", "url.blocklist", "T1071.001"],
    ["prompt_injection", "inj.x", "AML.T0051"],
    ["tool_policy", "tool.x", "T1059"],
    ["tool_description", "tooldesc.x", "T1195.002"],
  ] as const)("fallback technique for %s", (scanner, rule_id, id) => {
    expect(techniquesOf({ scanner, rule_id, severity: "high", action: "block", message: "m" })).toEqual([id]);
  });

  test("findings are bounded and the recorder detail stores nothing twice", () => {
    const many: DecisionEvent = { ...DENY_EVENT, findings: Array.from({ length: 40 }, (_, i) => ({ ...DENY_EVENT.findings[0]!, rule_id: `r${i}` })) };
    const rec = toAuditRecord(many);
    expect(rec.findings?.length).toBe(16);
    expect(rec.findings_count).toBe(40);
    const d = toRecorderDetail(DENY_EVENT);
    expect(d).toMatchObject({ event: "blocked", severity: "critical", rule_id: "dlp.aws_access_key_id", mitre_technique: "T1552.001", door: "fetch" });
    expect("excerpt" in d).toBe(false);
  });
});
