/** Block answers: status per cause, rule id, why, how to exempt; headers carry the gist. */
import { describe, expect, test } from "bun:test";
import type { Finding } from "../../../src/engine/index.ts";
import { blockAnswer, blockFromVerdict, rawResponse } from "../../../src/doors/http/index.ts";

const finding: Finding = { scanner: "dlp", rule_id: "dlp.aws_access_key_id", severity: "critical", action: "block", message: "AWS access key ID detected", location: "url.query.k", excerpt: "AKIA…", exempt: "suppress:\n  - rule: dlp.aws_access_key_id" };

describe("blockAnswer", () => {
  test("a policy deny is a 403 with rule, reason, exemption and headers", () => {
    const a = blockAnswer(blockFromVerdict({ decision: "deny", action: "block", findings: [finding], warned: false }, "request", true, "URL blocked"));
    expect(a.status).toBe(403);
    expect(a.headers["X-Pipelock-Decision"]).toBe("deny");
    expect(a.headers["X-Pipelock-Rule"]).toBe("dlp.aws_access_key_id");
    const body = JSON.parse(a.body);
    expect(body).toMatchObject({ error: "blocked", blocked: true, status: 403, direction: "request", rule_id: "dlp.aws_access_key_id", exempt: finding.exempt });
    expect(body.reason).toContain("AWS access key ID detected");
    expect(body.findings[0].exempt).toBe(finding.exempt);
  });

  test("explain_blocks: false leaves out exemptions and hints", () => {
    const body = JSON.parse(blockAnswer({ code: "blocked", direction: "request", reason: "x", findings: [finding], explain: false }).body);
    expect(body.exempt).toBeUndefined();
    expect(body.hint).toBeUndefined();
    expect(body.findings[0].exempt).toBeUndefined();
  });

  const statuses: [Parameters<typeof blockAnswer>[0]["code"], number][] = [
    ["rate_limited", 429],
    ["proxy_auth_required", 407],
    ["payload_too_large", 413],
    ["request_timeout", 408],
    ["upstream_failed", 502],
    ["upstream_timeout", 504],
    ["unavailable", 503],
    ["bad_request", 400],
  ];
  test.each(statuses)("%s → %d", (code, status) => {
    const a = blockAnswer({ code, direction: "request", reason: "r", failure: "f", explain: true, retryAfterSec: 7 });
    expect(a.status).toBe(status);
    expect(a.headers["X-Pipelock-Rule"]).toBe("pipelock.f");
    if (code === "rate_limited") expect(a.headers["Retry-After"]).toBe("7");
    if (code === "proxy_auth_required") expect(a.headers["Proxy-Authenticate"]).toContain("Basic");
  });

  test("rawResponse is a complete HTTP/1.1 message that closes", () => {
    const raw = rawResponse(blockAnswer({ code: "blocked", direction: "request", reason: "r", explain: true }));
    const [head, body] = raw.split("\r\n\r\n");
    expect(head).toStartWith("HTTP/1.1 403 Forbidden\r\n");
    expect(head).toContain("Connection: close");
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
  });
});
