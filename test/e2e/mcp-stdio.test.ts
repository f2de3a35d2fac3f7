/**
 * @module `pipelock mcp proxy -- CMD` end to end (the compiled binary, real servers from npm, the
 * official SDK client): results identical to the unwrapped servers, every attack of our malicious
 * server caught, fail-closed framing, exit codes, signals and the environment the server gets.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BINARY } from "./_binary.ts";
import { BUN, callOutcome, connect, everythingScenario, EVERYTHING, EVIL, expectSameEverything, filesystemScenario, FILESYSTEM, REPO, runScenario } from "./fixtures/mcp-scenarios.ts";

const BASE_ENV = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
const wrapped = (server: string[], extra: string[] = []) => ({ command: BINARY, args: ["mcp", "proxy", ...extra, "--", ...server] });
const direct = (server: string[]) => ({ command: server[0]!, args: server.slice(1) });

async function run<T>(spawn: { command: string; args: string[] }, scenario: (c: Awaited<ReturnType<typeof connect>>) => Promise<T>, stderr: string[] = []): Promise<T> {
  const transport = new StdioClientTransport({ ...spawn, cwd: REPO, env: BASE_ENV, stderr: "pipe" });
  transport.stderr?.on("data", (d: Buffer) => stderr.push(d.toString()));
  return runScenario(transport, scenario);
}

describe("identical to the unwrapped server", () => {
  test("server-everything: initialize, tools, calls, progress, sampling, elicitation, resources, prompts", async () => {
    const server = ["node", EVERYTHING, "stdio"];
    const [plain, proxied] = await Promise.all([run(direct(server), everythingScenario), run(wrapped(server), everythingScenario)]);
    expectSameEverything(proxied, plain);
  }, 60_000);

  test("server-filesystem: list, write, read, edit, move, tree, search, outside access", async () => {
    const a = mkdtempSync(join(tmpdir(), "pipelock-fs-a-"));
    const b = mkdtempSync(join(tmpdir(), "pipelock-fs-b-"));
    const [plain, proxied] = await Promise.all([run(direct(["node", FILESYSTEM, a]), (c) => filesystemScenario(c, a)), run(wrapped(["node", FILESYSTEM, b]), (c) => filesystemScenario(c, b))]);
    expect(proxied).toEqual(plain);
  }, 60_000);
});

describe("the malicious server, caught", () => {
  test("poisoning, rug pull, injected result, stray response, 10 MB message, leaked secret, garbage, sampling injection", async () => {
    const stderr: string[] = [];
    const seen = await run(
      wrapped([BUN, EVIL]),
      async (client) => {
        const outcome = (name: string, args: Record<string, unknown> = {}) => callOutcome(client, name, args);
        const first = (await client.listTools()).tools.map((t) => t.name);
        const results: Record<string, string> = {};
        for (const name of ["save_note", "inject_result", "stray_response", "huge_message", "leak_secret", "garbage", "sample", "add"]) results[name] = await outcome(name, name === "add" ? { a: 1, b: 2 } : {});
        results["rug_pull"] = await outcome("rug_pull");
        await Bun.sleep(100);
        const second = (await client.listTools()).tools.map((t) => t.name);
        results["add after rug pull"] = await outcome("add", { a: 1, b: 2 });
        return { first, second, results };
      },
      stderr,
    );
    expect(seen.first).not.toContain("save_note");
    expect(seen.first).toContain("add");
    expect(seen.second).not.toContain("add");
    expect(seen.results).toMatchObject({
      add: "ok: 3",
      stray_response: "ok: stray done",
      huge_message: "ok: huge done",
      garbage: "ok: garbage done",
      sample: "ok: sample done",
    });
    for (const [name, rule] of [
      ["save_note", "mcp.tool_blocked"],
      ["inject_result", "inj.ignore_previous_instructions"],
      ["leak_secret", "dlp.aws_access_key_id"],
      ["add after rug pull", "mcp.tool_blocked"],
    ]) expect(seen.results[name!]).toContain(rule!);
    const log = stderr.join("");
    for (const rule of ["tool_poison.instruction_tag", "mcp.unexpected_response_id", "mcp.oversize", "mcp.parse_error", "mcp.tool_drift", "inj.ignore_previous_instructions"]) expect(log).toContain(rule);
    expect(log).not.toContain("AKIAQ7W3ZK5NX2RP4TLM");
  }, 60_000);
});

/** Drive the binary's stdin/stdout directly (no SDK) to send what a well-behaved client never would. */
async function raw(server: string[], lines: (string | Uint8Array)[], expectReplies: number, extra: string[] = []): Promise<{ replies: unknown[]; code: number; stderr: string }> {
  const proc = Bun.spawn([BINARY, "mcp", "proxy", ...extra, "--", ...server], { cwd: REPO, stdin: "pipe", stdout: "pipe", stderr: "pipe", env: BASE_ENV });
  const replies: unknown[] = [];
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      buffer += new TextDecoder().decode(chunk);
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        replies.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
      if (replies.length >= expectReplies) break;
    }
  })();
  for (const line of lines) proc.stdin.write(line);
  proc.stdin.flush();
  await Promise.race([reading, Bun.sleep(15_000)]);
  proc.stdin.end();
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr as ReadableStream).text()]);
  clearTimeout(timer);
  return { replies, code, stderr };
}

describe("fail closed on the wire", () => {
  const init = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } })}\n`;
  test("unparseable JSON, a 10 MB line, duplicate keys and a stray answer: refused, the session goes on", async () => {
    const big = `${JSON.stringify({ jsonrpc: "2.0", id: 3, method: "ping", params: { pad: "x".repeat(10 * 1024 * 1024) } })}\n`;
    const { replies, stderr } = await raw(
      [BUN, EVIL],
      [
        "this is not json\n",
        big,
        '{"jsonrpc":"2.0","id":4,"method":"ping","method":"tools/call"}\n',
        `${JSON.stringify({ jsonrpc: "2.0", id: 99, result: {} })}\n`,
        init,
      ],
      4,
    );
    expect(replies.slice(0, 3)).toMatchObject([{ id: null, error: { code: -32700 } }, { id: null, error: { code: -32600 } }, { id: null, error: { code: -32600 } }]);
    expect(replies[3]).toMatchObject({ id: 1, result: { serverInfo: { name: "evil-test-server" } } });
    expect(stderr).toContain("mcp.oversize");
    expect(stderr).toContain("mcp.unexpected_response_id");
  }, 30_000);
});

describe("process behaviour", () => {
  test.each([
    [["node", "-e", "process.exit(7)"], 7],
    [["node", "-e", "process.kill(process.pid, 'SIGKILL')"], 137],
    [["/nonexistent/mcp-server"], 127],
  ])("%j exits with %d", async (server, code) => {
    const proc = Bun.spawn([BINARY, "mcp", "proxy", "--", ...server], { stdin: "pipe", stdout: "ignore", stderr: "ignore", env: BASE_ENV });
    expect(await proc.exited).toBe(code);
  }, 20_000);

  test("the server dies mid-session: every pending request gets -32001 \"server exited\", then its exit code", async () => {
    // Never answers; exits with 3 once the third request has arrived.
    const script = "let seen = ''; process.stdin.on('data', (d) => { seen += d; if (seen.includes('\"id\":3')) process.exit(3); });";
    const pings = [1, 2, 3].map((id) => `${JSON.stringify({ jsonrpc: "2.0", id, method: "ping" })}\n`);
    const { replies, code, stderr } = await raw(["node", "-e", script], pings, 3);
    expect(replies).toHaveLength(3);
    expect(replies.map((r) => (r as { id: number }).id)).toEqual([1, 2, 3]);
    for (const r of replies) expect(r).toMatchObject({ error: { code: -32001, message: expect.stringContaining("server exited"), data: { failure: "server_exited" } } });
    expect(code).toBe(3);
    expect(stderr).toContain("server_exited");
  }, 30_000);

  test("SIGTERM is forwarded to the server, and its exit code comes back", async () => {
    const script = "process.on('SIGTERM', () => process.exit(42)); console.error('ready'); setInterval(() => {}, 1000);";
    const proc = Bun.spawn([BINARY, "mcp", "proxy", "--", "node", "-e", script], { stdin: "pipe", stdout: "ignore", stderr: "pipe", env: BASE_ENV });
    const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("ready");
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(42);
  }, 20_000);

  test("the environment is passed explicitly: --clean-env keeps basics, proxy and CA variables, and --env", async () => {
    const script = "const e = process.env; process.stdout.write(JSON.stringify({jsonrpc:'2.0',method:'notifications/message',params:{level:'info',data:[e.HTTPS_PROXY, e.NODE_EXTRA_CA_CERTS, e.EXTRA, e.UNRELATED ?? 'absent'].join(',')}})+'\\n')";
    const proc = Bun.spawn([BINARY, "mcp", "proxy", "--clean-env", "--env", "EXTRA=yes", "--", "node", "-e", script], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "ignore",
      env: { ...BASE_ENV, HTTPS_PROXY: "http://127.0.0.1:8888", NODE_EXTRA_CA_CERTS: "/tmp/pipelock-ca.pem", UNRELATED: "value" },
    });
    const out = await new Response(proc.stdout as ReadableStream).text();
    expect(JSON.parse(out).params.data).toBe("http://127.0.0.1:8888,/tmp/pipelock-ca.pem,yes,absent");
    await proc.exited;
  }, 20_000);

  test("a secret the proxy knows from its environment is refused when a server hands it back", async () => {
    // The server's own file holds the value; pipelock learned it from its environment (dlp.scan_env).
    const dir = mkdtempSync(join(tmpdir(), "pipelock-fs-env-"));
    const secret = "e2e-env-secret-9f3KqT7vLm2Xw8Rz";
    writeFileSync(join(dir, "config.txt"), `token=${secret}\n`);
    const transport = new StdioClientTransport({ command: BINARY, args: ["mcp", "proxy", "--", "node", FILESYSTEM, dir], cwd: REPO, env: { ...BASE_ENV, PIPELOCK_E2E_TOKEN: secret }, stderr: "ignore" });
    const client = await connect(transport);
    try {
      await client.listTools();
      const error = await client.callTool({ name: "read_text_file", arguments: { path: join(dir, "config.txt") } }).then(
        () => "",
        (e: Error) => e.message,
      );
      expect(error).toContain("pipelock blocked");
      expect(error).not.toContain(secret);
    } finally {
      await client.close();
    }
  }, 30_000);
});
