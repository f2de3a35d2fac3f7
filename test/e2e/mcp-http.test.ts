/**
 * @module `pipelock mcp proxy --upstream http://… --listen …` end to end: the compiled binary in
 * front of server-everything in Streamable HTTP and legacy SSE modes (loopback only), the official
 * SDK client getting the same answers as without pipelock, sessions ending with DELETE, and the
 * 2026-07-28 header check.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { BINARY } from "./_binary.ts";
import { connect, EVERYTHING, expectSameEverything, freePort, runScenario, start, waitForHttp, waitForPort } from "./fixtures/mcp-scenarios.ts";

type Started = ReturnType<typeof start>;
const ports = { http: freePort(), sse: freePort(), proxyHttp: freePort(), proxySse: freePort() };
const running: Started[] = [];

beforeAll(async () => {
  running.push(start(["node", EVERYTHING, "streamableHttp"], { PORT: String(ports.http) }, "ignore"));
  running.push(start(["node", EVERYTHING, "sse"], { PORT: String(ports.sse) }, "ignore"));
  running.push(start([BINARY, "mcp", "proxy", "--upstream", `http://127.0.0.1:${ports.http}/mcp`, "--listen", `127.0.0.1:${ports.proxyHttp}`]));
  running.push(start([BINARY, "mcp", "proxy", "--upstream", `http://127.0.0.1:${ports.sse}/sse`, "--listen", `127.0.0.1:${ports.proxySse}`]));
  await Promise.all([waitForPort(ports.http), waitForPort(ports.sse), waitForHttp(`http://127.0.0.1:${ports.proxyHttp}/health`), waitForHttp(`http://127.0.0.1:${ports.proxySse}/health`)]);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

describe("Streamable HTTP (2025 revisions)", () => {
  test("same answers as server-everything without pipelock", async () => {
    const [plain, proxied] = await Promise.all([
      runScenario(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.http}/mcp`))),
      runScenario(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.proxyHttp}/mcp`))),
    ]);
    expectSameEverything(proxied, plain);
  }, 60_000);

  test("the upstream's session id is used; DELETE ends it and the old id is then a 404", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.proxyHttp}/mcp`));
    const client = await connect(transport);
    const sid = transport.sessionId!;
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    await client.listTools();
    await transport.terminateSession();
    await client.close();
    const res = await fetch(`http://127.0.0.1:${ports.proxyHttp}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-session-id": sid, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
  }, 30_000);

  test("a call to a tool the session never listed is refused by pipelock", async () => {
    const client = await connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.proxyHttp}/mcp`)));
    try {
      await client.listTools();
      const error = await client.callTool({ name: "not-a-tool", arguments: {} }).then(() => "", (e: Error) => e.message);
      expect(error).toContain("mcp.session_binding.unlisted");
    } finally {
      await client.close();
    }
  }, 30_000);

  test("2026-07-28: Mcp-Name disagreeing with the body is a 400 with -32020", async () => {
    const res = await fetch(`http://127.0.0.1:${ports.proxyHttp}/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "echo" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "get-env", arguments: {}, _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" } } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ id: 1, error: { code: -32020 } });
  }, 30_000);
});

describe("legacy HTTP+SSE (2024-11-05)", () => {
  test("same answers as server-everything without pipelock", async () => {
    const [plain, proxied] = await Promise.all([
      runScenario(new SSEClientTransport(new URL(`http://127.0.0.1:${ports.sse}/sse`))),
      runScenario(new SSEClientTransport(new URL(`http://127.0.0.1:${ports.proxySse}/sse`))),
    ]);
    expectSameEverything(proxied, plain);
  }, 60_000);
});
