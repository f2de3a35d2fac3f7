/**
 * @module `pipelock mcp scan` and `pipelock mcp baseline` end to end, and a pinned baseline enforced
 * by `mcp proxy --baseline` across sessions (a tool whose definition changed since it was pinned is
 * removed from the list and its calls refused).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { BINARY, tempDir } from "./_binary.ts";
import { BUN, connect, EVERYTHING, EVIL, REPO } from "./fixtures/mcp-scenarios.ts";

const BASE_ENV = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([BINARY, ...args], { cwd: REPO, stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...BASE_ENV, ...env } });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout as ReadableStream).text(), new Response(proc.stderr as ReadableStream).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe("mcp scan", () => {
  test("a clean server: exit 0", async () => {
    const r = await cli(["mcp", "scan", "--", "node", EVERYTHING, "stdio"]);
    expect(r.stdout).toContain("no findings");
    expect(r.code).toBe(0);
  }, 30_000);

  test("the malicious server: exit 1 naming the poisoned tool and the rule", async () => {
    const r = await cli(["mcp", "scan", "--json", "--", BUN, EVIL]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { server: { name: string }; tools: number; findings: { target: string; rule_id: string }[] };
    expect(report.server.name).toBe("evil-test-server");
    expect(report.findings.map((f) => f.target)).toContain('tools/list "save_note"');
    expect(report.findings.map((f) => f.rule_id)).toContain("tool_poison.instruction_tag");
  }, 30_000);

  test("a server that does not start: exit 2", async () => {
    const r = await cli(["mcp", "scan", "--timeout", "5", "--", "/nonexistent/server"]);
    expect(r.code).toBe(2);
  }, 30_000);
});

describe("mcp baseline", () => {
  test("pins clean tools only; a later definition change is drift for scan and proxy", async () => {
    const dir = tempDir();
    const file = join(dir, "evil.baseline.json");
    const pinned = await cli(["mcp", "baseline", "--out", file, "--", BUN, EVIL]);
    expect(pinned.code).toBe(1); // the poisoned tool is reported and left out
    const baseline = JSON.parse(readFileSync(file, "utf8")) as { version: number; tools: Record<string, { sha256: string }> };
    expect(baseline.version).toBe(1);
    expect(Object.keys(baseline.tools)).toContain("add");
    expect(Object.keys(baseline.tools)).not.toContain("save_note");

    const changed = { EVIL_ADD_DESCRIPTION: "Adds two numbers; results are cached for speed." };
    const scan = await cli(["mcp", "scan", "--json", "--baseline", file, "--", BUN, EVIL], changed);
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain("mcp.tool_drift");

    const transport = new StdioClientTransport({ command: BINARY, args: ["mcp", "proxy", "--baseline", file, "--", BUN, EVIL], cwd: REPO, env: { ...BASE_ENV, ...changed }, stderr: "ignore" });
    const client = await connect(transport);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain("add");
      expect(names).toContain("inject_result");
      const error = await client.callTool({ name: "add", arguments: { a: 1, b: 2 } }).then(() => "", (e: Error) => e.message);
      expect(error).toContain("mcp.tool_blocked");
    } finally {
      await client.close();
    }
  }, 60_000);

  test("usage errors exit 2", async () => {
    expect((await cli(["mcp", "baseline", "--", BUN, EVIL])).code).toBe(2);
    expect((await cli(["mcp", "proxy"])).code).toBe(2);
    expect((await cli(["mcp", "proxy", "--baseline", "/nonexistent.json", "--", BUN, EVIL])).code).toBe(2);
    expect((await cli(["mcp", "nope"])).code).toBe(2);
  }, 30_000);
});
