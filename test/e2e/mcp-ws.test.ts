/**
 * @module `pipelock mcp proxy --upstream ws://… --listen …` end to end: the compiled binary between
 * the SDK's WebSocket client and a loopback MCP-over-WebSocket bridge (server-everything, and our
 * malicious server), same answers as direct, attacks caught, binary frames and foreign origins refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import WebSocket from "ws";
import { BINARY } from "./_binary.ts";
import { BUN, connect, EVERYTHING, EVIL, expectSameEverything, freePort, runScenario, start, waitForHttp, waitForPort, WS_BRIDGE } from "./fixtures/mcp-scenarios.ts";

const ports = { everything: freePort(), evil: freePort(), proxy: freePort(), proxyEvil: freePort() };
const running: ReturnType<typeof start>[] = [];

beforeAll(async () => {
  running.push(start([BUN, WS_BRIDGE, String(ports.everything), "--", "node", EVERYTHING, "stdio"], {}, "ignore"));
  running.push(start([BUN, WS_BRIDGE, String(ports.evil), "--", BUN, EVIL], {}, "ignore"));
  running.push(start([BINARY, "mcp", "proxy", "--upstream", `ws://127.0.0.1:${ports.everything}/`, "--listen", `127.0.0.1:${ports.proxy}`]));
  running.push(start([BINARY, "mcp", "proxy", "--upstream", `ws://127.0.0.1:${ports.evil}/`, "--listen", `127.0.0.1:${ports.proxyEvil}`]));
  await Promise.all([waitForPort(ports.everything), waitForPort(ports.evil), waitForHttp(`http://127.0.0.1:${ports.proxy}/health`), waitForHttp(`http://127.0.0.1:${ports.proxyEvil}/health`)]);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

const over = (port: number) => runScenario(new WebSocketClientTransport(new URL(`ws://127.0.0.1:${port}/`)));

describe("MCP over WebSocket", () => {
  test("same answers as server-everything without pipelock", async () => {
    const [plain, proxied] = await Promise.all([over(ports.everything), over(ports.proxy)]);
    expectSameEverything(proxied, plain);
  }, 60_000);

  test("the malicious server: poisoned tool removed, injected result and leaked secret refused", async () => {
    const client = await connect(new WebSocketClientTransport(new URL(`ws://127.0.0.1:${ports.proxyEvil}/`)));
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain("save_note");
      const outcome = (name: string) => client.callTool({ name, arguments: {} }).then((r) => JSON.stringify(r), (e: Error) => e.message);
      expect(await outcome("inject_result")).toContain("inj.ignore_previous_instructions");
      expect(await outcome("leak_secret")).toContain("dlp.aws_access_key_id");
      expect(await outcome("stray_response")).toContain("stray done");
    } finally {
      await client.close();
    }
  }, 30_000);

  test("a binary frame closes the connection with 1003", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${ports.proxy}/`, ["mcp"]);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    expect(ws.protocol).toBe("mcp");
    const closed = new Promise<number>((resolve) => ws.once("close", (c) => resolve(c)));
    ws.send(Buffer.from([1, 2, 3]));
    expect(await closed).toBe(1003);
  }, 20_000);

  test("a foreign Origin is refused before the upgrade", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${ports.proxy}/`, ["mcp"], { origin: "https://evil.example.test" });
    const status = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(403);
  }, 20_000);
});
