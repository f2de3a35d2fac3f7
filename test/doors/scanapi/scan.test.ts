/** @module Scan API scan step: verdicts on the wire, evidence, deadline, failures that must never allow. */
import { describe, expect, test } from "bun:test";
import type { Finding, Verdict } from "../../../src/engine/types.ts";
import { ALLOW, DENY, ENGINE_VERSION, expectError, fakeScan, makeApi, scanRequest, SECRET_FINDING, send, testSettings } from "./fixtures.ts";

const BODY = { kind: "dlp", input: { text: "outbound text" } };
const WARN_FINDING: Finding = { ...SECRET_FINDING, rule_id: "dlp.test_warn", severity: "low", action: "warn" };

describe("completed scans", () => {
  test("deny: 200 completed deny with the findings, no evidence unless asked", async () => {
    const { scan } = fakeScan(() => DENY);
    const { api } = makeApi({ scan });
    const { status, body } = await send(api, scanRequest(BODY));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "completed", decision: "deny", kind: "dlp", engine_version: ENGINE_VERSION, errors: [] });
    expect(body.findings).toEqual([
      {
        scanner: "dlp",
        rule_id: "dlp.test_key",
        severity: "critical",
        message: "Test key pattern",
        action: "block",
        mitre: ["T1552.001"],
        exempt: "suppress:\n  - rule: dlp.test_key",
      },
    ]);
  });

  test("allow: 200 completed allow with no findings", async () => {
    const { api } = makeApi();
    const { status, body } = await send(api, scanRequest(BODY));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "completed", decision: "allow", findings: [], errors: [] });
  });

  test("allow with warn findings keeps the findings", async () => {
    const { scan } = fakeScan(() => ({ decision: "allow", action: "allow", findings: [WARN_FINDING], warned: true }));
    const { api } = makeApi({ scan });
    const { body } = await send(api, scanRequest(BODY));
    expect(body.decision).toBe("allow");
    expect(body.findings.map((f) => f.rule_id)).toEqual(["dlp.test_warn"]);
  });

  test("include_evidence adds the engine's redacted evidence and nothing else", async () => {
    const { scan } = fakeScan(() => DENY);
    const { api } = makeApi({ scan });
    const { body } = await send(api, scanRequest({ ...BODY, options: { include_evidence: true } }));
    expect(body.findings[0]?.evidence).toEqual({ location: "text", excerpt: "key=AKIA…[redacted]", encoding: "plaintext" });
  });

  test("include_evidence: false and findings without evidence fields carry no evidence key", async () => {
    const bare: Finding = { scanner: "url", rule_id: "url.test", severity: "high", action: "block", message: "m" };
    const { scan } = fakeScan(() => ({ decision: "deny", action: "block", findings: [bare, SECRET_FINDING], warned: false }));
    const { api } = makeApi({ scan });
    const off = await send(api, scanRequest({ ...BODY, options: { include_evidence: false } }));
    expect(off.body.findings.every((f) => !("evidence" in f))).toBe(true);
    const on = await send(api, scanRequest({ ...BODY, options: { include_evidence: true } }));
    expect("evidence" in (on.body.findings[0] ?? {})).toBe(false);
    expect("evidence" in (on.body.findings[1] ?? {})).toBe(true);
  });

  test("only wire fields leave the door: no owasp, no unplanned properties, never the raw input", async () => {
    const leaky = { ...SECRET_FINDING, raw: "the-raw-secret-value", matched: "the-raw-secret-value" } as Finding;
    const { scan } = fakeScan(() => ({ decision: "deny", action: "block", findings: [leaky], warned: false }));
    const { api } = makeApi({ scan });
    const { text, body } = await send(api, scanRequest({ kind: "dlp", input: { text: "raw-input-marker-5521" }, options: { include_evidence: true } }));
    expect(text).not.toContain("the-raw-secret-value");
    expect(text).not.toContain("raw-input-marker-5521");
    expect(Object.keys(body.findings[0] ?? {}).sort()).toEqual(["action", "evidence", "exempt", "message", "mitre", "rule_id", "scanner", "severity"]);
  });

  test("request_id is echoed; scan_id is fresh each time", async () => {
    const { api } = makeApi();
    const request = { ...BODY, context: { request_id: "req-42", session_id: "s", agent_name: "agent" } };
    const first = await send(api, scanRequest(request));
    const second = await send(api, scanRequest(request));
    expect(first.body.request_id).toBe("req-42");
    expect(first.body.scan_id).not.toBe(second.body.scan_id);
    expect(first.text).not.toContain('"agent"');
  });

  test("an engine that failed closed is a completed deny, even if it said allow", async () => {
    const { scan } = fakeScan(() => ({ ...ALLOW, failure: "internal_error" }));
    const { api } = makeApi({ scan });
    const { status, body } = await send(api, scanRequest(BODY));
    expect(status).toBe(200);
    expect(body.decision).toBe("deny");
  });

  test("the scan gets a live signal and the configured deadline", async () => {
    const fake = fakeScan();
    const { api } = makeApi({ scan: fake.scan, settingsValue: testSettings({ scanTimeoutMs: 1234 }) });
    await send(api, scanRequest(BODY));
    expect(fake.calls[0]?.deadlineMs).toBe(1234);
    expect(fake.calls[0]?.signal.aborted).toBe(false);
  });
});

describe("deadline", () => {
  test("a scan that never resolves is 503 scan_deadline_exceeded, retryable, within the deadline", async () => {
    const fake = fakeScan(() => new Promise<Verdict>(() => {}));
    const { api } = makeApi({ scan: fake.scan, settingsValue: testSettings({ scanTimeoutMs: 50 }) });
    const started = performance.now();
    const result = await expectError(api, scanRequest({ ...BODY, context: { request_id: "r-1" } }), 503, "scan_deadline_exceeded");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.body.errors[0]?.retryable).toBe(true);
    expect(result.body.kind).toBe("dlp");
    expect(result.body.request_id).toBe("r-1");
    expect(fake.calls[0]?.signal.aborted).toBe(true);
  });

  test("an engine verdict that timed out maps to 503 scan_deadline_exceeded", async () => {
    const { scan } = fakeScan(() => ({ decision: "deny", action: "block", findings: [], warned: false, failure: "scan_timeout" }));
    const { api } = makeApi({ scan });
    await expectError(api, scanRequest(BODY), 503, "scan_deadline_exceeded");
  });

  test("a client that disconnects cancels the scan: 500 request_canceled", async () => {
    const controller = new AbortController();
    const fake = fakeScan(() => {
      controller.abort();
      return new Promise<Verdict>(() => {});
    });
    const { api } = makeApi({ scan: fake.scan });
    await expectError(api, scanRequest(BODY, { signal: controller.signal }), 500, "request_canceled");
    expect(fake.calls[0]?.signal.aborted).toBe(true);
  });
});

describe("failures are never an allow", () => {
  const broken: [string, () => unknown][] = [
    ["rejects", () => Promise.reject(new Error("engine exploded"))],
    ["throws synchronously", () => {
      throw new Error("engine exploded");
    }],
    ["resolves undefined", () => undefined],
    ["resolves a non-verdict", () => ({ decision: "maybe", findings: [] })],
    ["resolves a verdict without findings", () => ({ decision: "allow" })],
    ["resolves a verdict with a null finding", () => ({ decision: "allow", action: "allow", findings: [null], warned: false })],
  ];
  test.each(broken)("scan that %s → 500 internal_error", async (_name, behaviour) => {
    const scan = ((..._args: unknown[]) => behaviour()) as never;
    const { api } = makeApi({ scan });
    const result = await expectError(api, scanRequest({ ...BODY, context: { request_id: "r-2" } }), 500, "internal_error");
    expect(result.body.decision).toBeUndefined();
    expect(result.body.request_id).toBe("r-2");
    expect(result.text).not.toContain("engine exploded");
  });

  test("kill switch on → 503 kill_switch_active, scan never runs", async () => {
    const { api, calls } = makeApi({ killSwitch: () => true });
    await expectError(api, scanRequest(BODY), 503, "kill_switch_active");
    expect(calls).toHaveLength(0);
  });

  test("a kill switch reader that throws → 500 internal_error", async () => {
    const { api, calls } = makeApi({
      killSwitch: () => {
        throw new Error("state store down");
      },
    });
    await expectError(api, scanRequest(BODY), 500, "internal_error");
    expect(calls).toHaveLength(0);
  });
});
