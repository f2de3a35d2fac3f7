import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { ConfigSchema, DEFAULT_CONFIG_TEXT, formatIssue, fromText, loadConfig } from "../../src/config/index.ts";

const errs = (text: string) => {
  const r = fromText(text, "c.yaml", undefined);
  return r.ok ? "" : r.issues.map(formatIssue).join("\n");
};

describe("configuration", () => {
  test("the embedded default config equals the schema's defaults", () => {
    const r = loadConfig();
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.loaded.config).toEqual(v.parse(ConfigSchema, {}));
  });

  test("the embedded default loads through the located-error path too, to the same config", () => {
    const r = fromText(DEFAULT_CONFIG_TEXT, "defaults.yaml", undefined);
    const fast = loadConfig();
    expect(r.ok && fast.ok).toBe(true);
    if (r.ok && fast.ok) expect(r.loaded.config).toEqual(fast.loaded.config);
  });

  test.each([
    ["an unknown top-level key", "mdoe: strict\n", /c\.yaml:1:1: unknown key "mdoe"/],
    ["an unknown nested key", "fetch_proxy:\n  monitoring:\n    max_url_lenght: 10\n", /c\.yaml:3:5: unknown key "max_url_lenght"/],
    ["a bad mode", "mode: paranoid\n", /c\.yaml:1:7: .*"strict" \| "balanced" \| "audit"/],
    ["a bad listen address", "fetch_proxy:\n  listen: nowhere\n", /c\.yaml:2:11: must be host:port/],
    ["strict mode without an allowlist", "mode: strict\n", /c\.yaml:1:7: mode: strict needs a non-empty api_allowlist/],
    ["an SSRF allowlist of everything", "ssrf:\n  ip_allowlist: [0.0.0.0/0]\n", /c\.yaml:2:18: .*turn SSRF protection off/],
    ["a duplicate key", "mode: strict\nmode: audit\n", /c\.yaml:2:1: Map keys must be unique/],
    ["a bad trusted key", "rules:\n  trusted_keys:\n    - name: x\n      public_key: abc\n", /c\.yaml:4:19: must be 64 hex/],
    ["a second YAML document", "mode: audit\n---\nmode: strict\n", /c\.yaml:2:1: /],
  ])("rejects %s with file:line:col", (_name, text, expected) => {
    expect(errs(text)).toMatch(expected);
  });

  test("accepts reference keys for sections implemented later, with a warning", () => {
    const r = fromText("sandbox:\n  enabled: true\n", "c.yaml", undefined);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.loaded.warnings.join("\n")).toMatch(/sandbox.*not enforced/);
  });

  test("a reference-style config loads", () => {
    const text = `version: 1
mode: balanced
enforce: true
api_allowlist: ["*.github.com"]
fetch_proxy:
  listen: 127.0.0.1:8888
  monitoring:
    max_url_length: 4096
    blocklist: ["*.pastebin.com", "webhook.site"]
dlp:
  scan_env: true
  patterns:
    - name: Internal Key
      regex: 'ik_[a-z0-9]{20}'
      severity: critical
      validator: mod97
scan_api:
  listen: 127.0.0.1:9090
  auth:
    bearer_tokens: ["t0ken-for-tests"]
  timeouts: { read: 2s, write: 2s, scan: 5s }
ssrf:
  ip_allowlist: [10.1.2.3/32]
suppress:
  - rule: dlp.jwt
    path: "https://auth.example.com/*"
    reason: login flow
`;
    const r = fromText(text, "c.yaml", undefined);
    expect(r.ok ? "ok" : r.issues.map(formatIssue).join("\n")).toBe("ok");
  });

  test("a missing file, a non-UTF-8 file and a NUL byte are errors, not crashes", () => {
    expect(loadConfig("/nonexistent/pipelock.yaml").ok).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), "pipelock-cfg-"));
    writeFileSync(join(dir, "bin.yaml"), new Uint8Array([0x6d, 0x6f, 0xff, 0x0a]));
    const bad = loadConfig(join(dir, "bin.yaml"));
    expect(!bad.ok && bad.issues[0]!.message).toMatch(/UTF-8/);
    writeFileSync(join(dir, "nul.yaml"), "mode: audit\u0000\n");
    expect(loadConfig(join(dir, "nul.yaml")).ok).toBe(false);
  });
});
