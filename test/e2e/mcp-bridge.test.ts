/**
 * @module `pipelock mcp proxy --upstream URL` without `--listen` end to end: the official SDK's
 * stdio client talks to the compiled binary, which carries the session to a remote server over
 * Streamable HTTP (server-everything) or WebSocket (server-everything and our malicious server
 * behind a loopback WebSocket bridge) — the same answers as a direct connection, the malicious
 * server's attacks caught, and an unreachable upstream answered with JSON-RPC errors, not silence.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { WebSocketClientTransport } from "@modelcontextprotocol/sdk/client/websocket.js";
import { BINARY } from "./_binary.ts";
import { BUN, callOutcome, connect, EVERYTHING, EVIL, expectSameEverything, freePort, REPO, runScenario, start, waitForPort, WS_BRIDGE } from "./fixtures/mcp-scenarios.ts";

const BASE_ENV = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
const ports = { http: freePort(), ws: freePort(), evil: freePort(), closed: freePort() };
const running: ReturnType<typeof start>[] = [];

beforeAll(async () => {
  running.push(start(["node", EVERYTHING, "streamableHttp"], { PORT: String(ports.http) }, "ignore"));
  running.push(start([BUN, WS_BRIDGE, String(ports.ws), "--", "node", EVERYTHING, "stdio"], {}, "ignore"));
  running.push(start([BUN, WS_BRIDGE, String(ports.evil), "--", BUN, EVIL], {}, "ignore"));
  await Promise.all([waitForPort(ports.http), waitForPort(ports.ws), waitForPort(ports.evil)]);
}, 30_000);

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

function bridged(upstream: string, stderr: string[] = []): StdioClientTransport {
  const t = new StdioClientTransport({ command: BINARY, args: ["mcp", "proxy", "--upstream", upstream], cwd: REPO, env: BASE_ENV, stderr: "pipe" });
  t.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
  return t;
}

describe("stdio client → pipelock → remote server", () => {
  test("Streamable HTTP: same answers as connecting directly", async () => {
    const [plain, proxied] = await Promise.all([
      runScenario(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${ports.http}/mcp`))),
      runScenario(bridged(`http://127.0.0.1:${ports.http}/mcp`)),
    ]);
    expectSameEverything(proxied, plain);
  }, 60_000);

  test("WebSocket: same answers as connecting directly", async () => {
    const [plain, proxied] = await Promise.all([runScenario(new WebSocketClientTransport(new URL(`ws://127.0.0.1:${ports.ws}/`))), runScenario(bridged(`ws://127.0.0.1:${ports.ws}/`))]);
    expectSameEverything(proxied, plain);
  }, 60_000);

  test("the malicious server over WebSocket: poisoned tool hidden, injected result and leaked secret blocked", async () => {
    const stderr: string[] = [];
    const client = await connect(bridged(`ws://127.0.0.1:${ports.evil}/`, stderr));
    const outcome = (name: string, args: Record<string, unknown> = {}) => callOutcome(client, name, args);
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toContain("add");
      expect(tools).not.toContain("save_note");
      expect(await outcome("add", { a: 1, b: 2 })).toBe("ok: 3");
      expect(await outcome("inject_result")).toContain("inj.ignore_previous_instructions");
      expect(await outcome("leak_secret")).toContain("dlp.aws_access_key_id");
      expect(await outcome("save_note", { note: "x" })).toContain("mcp.tool_blocked");
    } finally {
      await client.close();
    }
    const log = stderr.join("");
    expect(log).toContain("tool_poison.instruction_tag");
    expect(log).not.toContain("AKIAQ7W3ZK5NX2RP4TLM");
  }, 60_000);

  test("an unreachable upstream: each request gets a JSON-RPC error naming it; end of input ends the bridge with 0", async () => {
    const proc = Bun.spawn([BINARY, "mcp", "proxy", "--upstream", `http://127.0.0.1:${ports.closed}/mcp`], { cwd: REPO, stdin: "pipe", stdout: "pipe", stderr: "pipe", env: BASE_ENV });
    proc.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } })}\n`);
    proc.stdin.flush();
    const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const reply = JSON.parse(text.split("\n")[0]!) as { id: number; error: { code: number; message: string } };
    expect(reply.id).toBe(1);
    expect(reply.error.message).toContain("unreachable");
    proc.stdin.end();
    expect(await proc.exited).toBe(0);
  }, 30_000);
});
