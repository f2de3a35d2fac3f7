/** @module The Scan API served for real by Bun.serve on 127.0.0.1, port 0. */
import { describe, expect, test } from "bun:test";
import { startScanApi } from "../../../src/doors/scanapi/index.ts";
import { DENY, ENGINE_VERSION, expectEnvelope, fakeScan, testSettings, TOKEN } from "./fixtures.ts";

describe("startScanApi", () => {
  test("serves health and scans over loopback, then stops", async () => {
    const fake = fakeScan(() => DENY);
    const settings = testSettings();
    const server = startScanApi({ scan: fake.scan, settings: () => settings }, { hostname: "127.0.0.1", port: 0 });
    try {
      expect(server.port).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${server.port}`;

      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", engine_version: ENGINE_VERSION });

      const scanned = await fetch(`${base}/api/v1/scan`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ kind: "url", input: { url: "https://example.test/" }, context: { request_id: "live-1" } }),
      });
      expect(scanned.status).toBe(200);
      const body = expectEnvelope(await scanned.json());
      expect(body).toMatchObject({ status: "completed", decision: "deny", kind: "url", request_id: "live-1" });
      expect(fake.calls.map((c) => c.subject)).toEqual([{ kind: "url", url: "https://example.test/" }]);

      const oversize = await fetch(`${base}/api/v1/scan`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
        body: "x".repeat(settings.maxBodyBytes + 1),
      });
      expect(oversize.status).toBe(400);
      expect(expectEnvelope(await oversize.json()).errors[0]?.code).toBe("body_too_large");

      const unauthorized = await fetch(`${base}/api/v1/scan`, { method: "POST", body: "{}" });
      expect(unauthorized.status).toBe(401);
    } finally {
      await server.stop();
    }
    await expect(fetch(`http://127.0.0.1:${server.port}/health`)).rejects.toThrow();
  });

  test.each([
    ["no tokens", [] as string[]],
    ["only empty tokens", ["", ""]],
  ])("refuses to start with %s", (_name, bearerTokens) => {
    const settings = testSettings({ bearerTokens });
    expect(() => startScanApi({ scan: fakeScan().scan, settings: () => settings }, { hostname: "127.0.0.1", port: 0 })).toThrow(
      /bearer token/,
    );
  });
});
