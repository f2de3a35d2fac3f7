/** The kill switch is checked first by every surface of the main listener; /health stays up. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import net from "node:net";
import { eventually, readUntilClose, startHarness, startUpstream, viaProxy, type Harness, type Upstream } from "../http/fixtures.ts";

let engaged: string | undefined;
let h: Harness;
let up: Upstream;
beforeAll(async () => {
  up = startUpstream(() => new Response("ok"));
  h = await startHarness({ killSwitch: () => engaged });
});
afterAll(async () => {
  await h.stop();
  up.stop();
});

describe("kill switch", () => {
  test("off: traffic flows", async () => {
    engaged = undefined;
    expect((await viaProxy(h.port, `http://api.test:${up.port}/`)).status).toBe(200);
  });

  test("on: forward, /fetch and CONNECT answer 503 kill_switch_active before any connection; /health answers", async () => {
    engaged = "Emergency deny-all active (kill switch: api)";
    const dials = h.dials.length;
    const before = h.events.length;
    const fwd = await viaProxy(h.port, `http://api.test:${up.port}/`);
    expect(fwd.status).toBe(503);
    expect(JSON.parse(fwd.body)).toMatchObject({ error: "kill_switch_active", failure: "kill_switch_active" });
    const fetched = await fetch(`${h.proxy}/fetch?url=${encodeURIComponent(`http://api.test:${up.port}/`)}`);
    expect(fetched.status).toBe(503);
    const s = net.connect(h.port, "127.0.0.1");
    s.write(`CONNECT api.test:${up.port} HTTP/1.1\r\nHost: api.test\r\n\r\n`);
    expect(await readUntilClose(s)).toStartWith("HTTP/1.1 503");
    expect((await fetch(`${h.proxy}/health`)).status).toBe(200);
    expect(h.dials.length).toBe(dials);
    await eventually(() => h.events.length >= before + 3);
    expect(h.events.slice(before).every((e) => e.decision === "deny" && e.failure === "kill_switch_active")).toBe(true);
    engaged = undefined;
  });
});
