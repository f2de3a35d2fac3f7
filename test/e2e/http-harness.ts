/**
 * @module End-to-end helpers for the HTTP doors: start dist/pipelock with a config in a temp dir
 * and read the announced proxy address from stderr; loopback upstreams; running clients (curl,
 * Python requests, a child Bun) with proxy environment variables. Test names resolve through the
 * config's `dns.static_hosts` with `dns.system: false`, so no test ever asks real DNS, and
 * loopback upstreams are reachable only because the config allows 127.0.0.0/8 explicitly.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, tempDir } from "./_binary.ts";

/** The config every HTTP e2e test starts from (append more YAML sections after it). */
export const E2E_BASE = `
ssrf:
  ip_allowlist: ["127.0.0.0/8"]
dns:
  system: false
  static_hosts:
    api.test: ["127.0.0.1"]
    meta.test: ["169.254.169.254"]
fetch_proxy:
  listen: 127.0.0.1:0
  timeout_seconds: 2
  monitoring:
    max_requests_per_minute: 100000
`;

export interface Running {
  readonly proxy: string;
  readonly port: number;
  readonly dir: string;
  /** Everything written to stderr so far (the interim event sink writes one line per deny). */
  stderr(): string;
  /** Wait until stderr matches `re` (bounded). */
  waitFor(re: RegExp, limitMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Start `pipelock run` with `config` plus `args`; resolves once the listener line appears. */
export async function startPipelock(config: string, args: string[] = [], files: Record<string, string> = {}, announce = /proxy on http:\/\/(\S+)/, env: Record<string, string> = {}): Promise<Running> {
  const dir = tempDir();
  writeFileSync(join(dir, "pipelock.yaml"), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const proc = Bun.spawn([BINARY, "run", "--config", "pipelock.yaml", ...args], {
    cwd: dir,
    stdout: "ignore",
    stderr: "pipe",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, ...env },
  });
  let err = "";
  const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      err += new TextDecoder().decode(value);
    }
  })();
  const waitFor = async (re: RegExp, limitMs = 8_000) => {
    const until = Date.now() + limitMs;
    while (Date.now() < until) {
      const m = re.exec(err);
      if (m) return m[1] ?? m[0];
      if (proc.exitCode !== null) break;
      await Bun.sleep(20);
    }
    throw new Error(`pipelock: ${re} not seen on stderr:\n${err}`);
  };
  let address: string;
  try {
    address = await waitFor(announce);
  } catch (e) {
    proc.kill("SIGKILL");
    throw e;
  }
  return {
    proxy: `http://${address}`,
    port: Number(address.split(":").pop()),
    dir,
    stderr: () => err,
    waitFor,
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 3_000);
      await proc.exited;
      clearTimeout(timer);
      await pump.catch(() => {});
    },
  };
}

export interface CmdResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a client command with a bounded time and a clean environment plus `env`. */
export async function runClient(cmd: string[], env: Record<string, string> = {}, limitMs = 15_000): Promise<CmdResult> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env } });
  const timer = setTimeout(() => proc.kill("SIGKILL"), limitMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Proxy variables in every spelling the clients read (curl wants lowercase http_proxy). */
export function proxyEnv(proxy: string): Record<string, string> {
  return { HTTP_PROXY: proxy, http_proxy: proxy, HTTPS_PROXY: proxy, https_proxy: proxy, NO_PROXY: "", no_proxy: "" };
}
