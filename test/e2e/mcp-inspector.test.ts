/**
 * @module The MCP inspector CLI (`@modelcontextprotocol/inspector-cli`, run with node) through
 * `pipelock mcp proxy -- node server-everything stdio`: each method's output is byte-identical to
 * the unwrapped server's, and a call carrying a secret is refused inside the protocol.
 *
 * The inspector's launcher and its CLI each consume one `--` (they split their own options from the
 * target there), so the wrapped command needs `-- -- --` for pipelock to receive its own `--`.
 */
import { describe, expect, test } from "bun:test";
import { dirname, resolve } from "node:path";
import { BINARY, REPO } from "./_binary.ts";
import { EVERYTHING } from "./fixtures/mcp-scenarios.ts";

const INSPECTOR = resolve(REPO, "node_modules/@modelcontextprotocol/inspector-cli/build/cli.js");
/** The inspector reads its package.json relative to the working directory: run it from its build dir. */
const INSPECTOR_CWD = dirname(INSPECTOR);
const SERVER = ["node", EVERYTHING, "stdio"];
const ENV = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
/** Bound on one inspector run. */
const RUN_LIMIT_MS = 30_000;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function inspector(target: readonly string[], method: readonly string[]): Promise<Run> {
  const proc = Bun.spawn(["node", INSPECTOR, "--cli", ...target, ...method], { cwd: INSPECTOR_CWD, env: ENV, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), RUN_LIMIT_MS);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const plain = (method: readonly string[]) => inspector(SERVER, method);
const wrapped = (method: readonly string[]) => inspector([BINARY, "mcp", "proxy"], [...method, "--", "--", "--", ...SERVER]);

const METHODS: readonly (readonly [string, readonly string[]])[] = [
  ["tools/list", ["--method", "tools/list"]],
  ["tools/call echo", ["--method", "tools/call", "--tool-name", "echo", "--tool-arg", "message=hello through pipelock"]],
  ["tools/call get-sum", ["--method", "tools/call", "--tool-name", "get-sum", "--tool-arg", "a=2", "b=40"]],
  ["resources/list", ["--method", "resources/list"]],
  ["prompts/list", ["--method", "prompts/list"]],
];

describe("the MCP inspector CLI through the stdio wrap", () => {
  test.each(METHODS)("%s: output identical to the unwrapped server", async (_name, method) => {
    const [direct, proxied] = await Promise.all([plain(method), wrapped(method)]);
    expect(direct.code).toBe(0);
    expect(direct.stdout.length).toBeGreaterThan(0);
    expect({ code: proxied.code, stdout: proxied.stdout }).toEqual({ code: direct.code, stdout: direct.stdout });
  }, 60_000);

  test("a call leaking a secret is refused with a JSON-RPC error, the unwrapped server echoes it", async () => {
    // A made-up key in the AWS access key format (not a real credential).
    const secret = `AKIA${"Q7WZ3N5K2M4P6R8T"}`;
    const method = ["--method", "tools/call", "--tool-name", "echo", "--tool-arg", `message=key ${secret}`];
    const [direct, proxied] = await Promise.all([plain(method), wrapped(method)]);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toContain(secret);
    expect(proxied.code).not.toBe(0);
    expect(proxied.stdout).not.toContain(secret);
    expect(proxied.stderr).toContain('MCP error -32001: pipelock blocked tools/call "echo"');
  }, 60_000);
});
