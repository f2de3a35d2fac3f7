/**
 * @module Helpers for end-to-end tests: run the compiled dist/pipelock (never the sources), in a
 * temporary working directory, with a bounded time.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const BINARY = resolve(import.meta.dir, "../../dist/pipelock");
export const REPO = resolve(import.meta.dir, "../..");

if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run \`bun run build\` first (npm test does)`);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the binary to completion (10 s bound) in `cwd` (default: a fresh temp dir). */
export async function pipelock(args: string[], options: { cwd?: string; stdin?: string | Uint8Array; env?: Record<string, string> } = {}): Promise<RunResult> {
  const proc = Bun.spawn([BINARY, ...args], {
    cwd: options.cwd ?? tempDir(),
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...options.env },
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "pipelock-e2e-"));
}
