/** @module Config sections `tls_interception` and `websocket_proxy`: reference keys load, bad values are located errors, settings mapping. */
import { describe, expect, test } from "bun:test";
import { fromText } from "../../../src/config/index.ts";
import { durationMs, toTlsInterceptionSettings } from "../../../src/config/sections/tls-interception.ts";
import { toWebsocketSettings } from "../../../src/config/sections/websocket-proxy.ts";

const load = (text: string) => fromText(text, "t.yaml", undefined);

describe("tls_interception", () => {
  test("defaults: off, 24h leaves, 10,000 cached, 5 MiB, default CA paths", () => {
    const r = load("");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(toTlsInterceptionSettings(r.loaded.config.tls_interception)).toEqual({
      enabled: false, caCert: "", caKey: "", passthroughDomains: [], certTtlMs: 86_400_000, certCacheSize: 10_000,
      maxResponseBytes: 5 * 1024 * 1024, upstreamCaFiles: [], handshakeTimeoutMs: 30_000,
    });
    expect(r.loaded.warnings.join("\n")).not.toContain("tls_interception");
  });

  test("a reference-style section loads", () => {
    const r = load(`tls_interception:\n  enabled: true\n  ca_cert: /etc/pipelock/ca.pem\n  ca_key: /etc/pipelock/ca-key.pem\n  passthrough_domains: ["*.bank.test", pinned.example.test, 10.0.0.1]\n  cert_ttl: 12h\n  cert_cache_size: 500\n  max_response_bytes: 1048576\n`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(toTlsInterceptionSettings(r.loaded.config.tls_interception)).toMatchObject({ enabled: true, certTtlMs: 43_200_000, certCacheSize: 500, passthroughDomains: ["*.bank.test", "pinned.example.test", "10.0.0.1"] });
  });

  test.each([
    ["cert_ttl: 10s", /cert_ttl/],
    ["cert_ttl: 900d", /duration/],
    ["cert_ttl: 20000h", /825 days/],
    ["cert_cache_size: 0", /cert_cache_size|1/],
    ['passthrough_domains: ["exa mple.test"]', /domain/],
    ["ca_certs: x", /ca_certs/],
  ])("%s is an error", (line, message) => {
    const r = load(`tls_interception:\n  ${line}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.path} ${i.message}`).join("\n")).toMatch(message);
  });

  test.each([
    ["24h", 86_400_000],
    ["1h30m", 5_400_000],
    ["500ms", 500],
    [90, 90_000],
    ["1d", undefined],
    ["", undefined],
  ] as const)("duration %p → %p", (value, ms) => {
    expect(durationMs(value)).toBe(ms);
  });
});

describe("websocket_proxy", () => {
  test("defaults", () => {
    const r = load("");
    expect(r.ok && toWebsocketSettings(r.loaded.config.websocket_proxy)).toEqual({
      enabled: true, maxMessageBytes: 1024 * 1024, maxConnections: 128, scanTextFrames: true, binaryFrames: "block",
      maxConnectionMs: 3_600_000, idleTimeoutMs: 300_000, originPolicy: "rewrite", forwardCookies: false,
    });
  });

  test.each([
    ["allow_binary_frames: true", "allow"],
    ["allow_binary_frames: false", "block"],
    ["binary_frames: scan", "scan"],
  ])("%s → binary %s", (line, policy) => {
    const r = load(`websocket_proxy:\n  ${line}\n`);
    expect(r.ok && toWebsocketSettings(r.loaded.config.websocket_proxy).binaryFrames).toBe(policy as never);
  });

  test.each([
    ["strip_compression: false", /strip_compression/],
    ["origin_policy: keep", /origin_policy|rewrite/],
    ["max_message_bytes: 10", /max_message_bytes|126/],
    ["allow_binary_frames: false\n  binary_frames: allow", /disagree/],
  ])("%s is an error", (lines, message) => {
    const r = load(`websocket_proxy:\n  ${lines}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => `${i.path} ${i.message}`).join("\n")).toMatch(message);
  });
});
