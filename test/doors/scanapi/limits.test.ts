/** @module Scan API connection limit and read timeout, served for real on 127.0.0.1. */
import { describe, expect, test } from "bun:test";
import { startScanApi } from "../../../src/doors/scanapi/index.ts";
import { ALLOW, expectEnvelope, testSettings, TOKEN } from "./fixtures.ts";
import type { Verdict } from "../../../src/engine/index.ts";

const scanBody = JSON.stringify({ kind: "dlp", input: { text: "hello" } });
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

describe("scan API limits", () => {
  test("requests beyond connection_limit answer 503 server_busy until one finishes", async () => {
    const gates: Array<(v: Verdict) => void> = [];
    let entered = 0;
    const scan = () =>
      new Promise<Verdict>((resolve) => {
        entered++;
        gates.push(resolve);
      });
    const settings = testSettings({ connectionLimit: 2 });
    const server = startScanApi({ scan, settings: () => settings }, { hostname: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${server.port}/api/v1/scan`;
    try {
      const held = [fetch(url, { method: "POST", headers, body: scanBody }), fetch(url, { method: "POST", headers, body: scanBody })];
      while (entered < 2) await Bun.sleep(5);
      const busy = await fetch(url, { method: "POST", headers, body: scanBody });
      expect(busy.status).toBe(503);
      expect(busy.headers.get("retry-after")).toBe("1");
      const env = expectEnvelope(await busy.json());
      expect(env.errors[0]).toMatchObject({ code: "server_busy", retryable: true });
      expect(entered).toBe(2); // the refused request never reached the engine

      for (const release of gates.splice(0)) release(ALLOW);
      for (const r of await Promise.all(held)) expect(r.status).toBe(200);
      expect(server.inFlight()).toBe(0);

      const after = fetch(url, { method: "POST", headers, body: scanBody });
      while (entered < 3) await Bun.sleep(5);
      gates.splice(0).forEach((release) => release(ALLOW));
      expect((await after).status).toBe(200);
    } finally {
      for (const release of gates) release(ALLOW);
      await server.stop();
    }
  });

  test("a body that stalls past timeouts.read is refused with read_error, never scanned", async () => {
    let scanned = 0;
    const settings = testSettings({ readTimeoutMs: 150 });
    const server = startScanApi(
      { scan: async () => (scanned++, ALLOW), settings: () => settings },
      { hostname: "127.0.0.1", port: 0 },
    );
    try {
      let pull = 0;
      const stalled = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (pull++ === 0) controller.enqueue(new TextEncoder().encode('{"kind":"dlp",'));
          else await Bun.sleep(30_000); // stalls far past any read timeout
        },
      });
      const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/scan`, {
        method: "POST",
        headers,
        body: stalled,
        duplex: "half",
        // Far above the configured 150 ms, far below the 2 s default: an ignored setting fails here.
        signal: AbortSignal.timeout(1_000),
      } as RequestInit);
      expect(res.status).toBe(400);
      expect(expectEnvelope(await res.json()).errors[0]?.code).toBe("read_error");
      expect(scanned).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
