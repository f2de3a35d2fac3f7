/**
 * The stdio bridge's Streamable HTTP client against a loopback stand-in server that records every
 * request: the session id and protocol version from `initialize` on every later request, JSON and
 * SSE answers split into messages, HTTP errors reported as undeliverable, the GET stream opened once
 * after `initialize` and given up on 405, DELETE on close, configured headers sent.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { httpBridge, type BridgeEvents } from "../../../../src/doors/mcp/index.ts";

interface Seen {
  method: string;
  headers: Record<string, string>;
  body: string;
}
const seen: Seen[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  async fetch(req) {
    const body = req.method === "POST" ? await req.text() : "";
    seen.push({ method: req.method, headers: Object.fromEntries(req.headers), body });
    if (req.method === "GET") return new Response(null, { status: 405 });
    if (req.method === "DELETE") return new Response(null, { status: 200 });
    const m = JSON.parse(body) as { id?: number; method?: string };
    if (m.method === "initialize") return Response.json({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: "2025-06-18", capabilities: {}, serverInfo: { name: "s", version: "1" } } }, { headers: { "mcp-session-id": "sess-1" } });
    if (m.method === "notifications/initialized") return new Response(null, { status: 202 });
    if (m.method === "tools/list") {
      const events = [{ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } }, { jsonrpc: "2.0", id: m.id, result: { tools: [] } }];
      return new Response(events.map((e, i) => `id: ${i}\ndata: ${JSON.stringify(e)}\n\n`).join(""), { headers: { "content-type": "text/event-stream" } });
    }
    return new Response("boom", { status: 500 });
  },
});
afterAll(() => void server.stop(true));

function recorder() {
  const got = { messages: [] as string[], failed: [] as string[], refused: [] as string[], closed: [] as string[] };
  const events: BridgeEvents = {
    message: (t) => got.messages.push(t),
    failed: (_t, reason) => got.failed.push(reason),
    refused: (reason) => got.refused.push(reason),
    closed: (reason) => got.closed.push(reason),
  };
  return { got, events };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await Bun.sleep(10);
  expect(cond()).toBe(true);
};

describe("Streamable HTTP bridge", () => {
  test("a session from initialize to DELETE", async () => {
    const { got, events } = recorder();
    const up = httpBridge({ url: new URL(`http://127.0.0.1:${server.port}/mcp`), maxMessageBytes: 1 << 20, headers: { Authorization: "Bearer test-token" } })(events);
    up.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: {} }));
    await until(() => got.messages.length === 1);
    await until(() => seen.some((s) => s.method === "GET"));
    up.send(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    up.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }));
    await until(() => got.messages.length === 3);
    up.send(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "x" } }));
    await until(() => got.failed.length === 1);
    await up.close();

    expect(JSON.parse(got.messages[0]!).result.protocolVersion).toBe("2025-06-18");
    expect(JSON.parse(got.messages[1]!).method).toBe("notifications/progress");
    expect(JSON.parse(got.messages[2]!).id).toBe(2);
    expect(got.failed[0]).toContain("HTTP 500");
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts[0]!.headers["mcp-session-id"]).toBeUndefined();
    expect(posts[0]!.headers["accept"]).toBe("application/json, text/event-stream");
    for (const p of posts.slice(1)) {
      expect(p.headers["mcp-session-id"]).toBe("sess-1");
      expect(p.headers["mcp-protocol-version"]).toBe("2025-06-18");
    }
    for (const s of seen) expect(s.headers["authorization"]).toBe("Bearer test-token");
    expect(seen.filter((s) => s.method === "GET")).toHaveLength(1);
    expect(seen.at(-1)!.method).toBe("DELETE");
    expect(seen.at(-1)!.headers["mcp-session-id"]).toBe("sess-1");
    expect(got.closed).toEqual([]);
  });

  test("an unreachable upstream is reported per message", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const port = probe.port;
    probe.stop(true);
    const { got, events } = recorder();
    const up = httpBridge({ url: new URL(`http://127.0.0.1:${port}/mcp`), maxMessageBytes: 1024 })(events);
    up.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    await until(() => got.failed.length === 1);
    expect(got.failed[0]).toContain("unreachable");
    await up.close();
  });
});
