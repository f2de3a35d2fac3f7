/**
 * @module `pipelock run`: load the policy, start the main listener (health; the proxy doors join it
 * in later issues) and the Scan API when configured, reload on SIGHUP (a bad config keeps the old
 * policy), stop cleanly on SIGINT/SIGTERM.
 */
import { formatIssue, loadConfig } from "../config/index.ts";
import { scan, warmPolicy } from "../engine/index.ts";
import { createSystemResolver } from "../doors/resolver/index.ts";
import { startScanApi, type ScanApiSettings } from "../doors/scanapi/index.ts";
import { buildPolicy, type PolicyBuild } from "../policy/index.ts";
import { ENGINE_VERSION, VERSION } from "../version.ts";
import { parseDuration } from "./check.ts";
import { EXIT, loadPolicyOrFail, printErr, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";

export const RUN_USAGE = `usage: pipelock run [--config FILE] [--listen HOST:PORT] [--rules-dir DIR]`;

export async function runRun(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { config: "string", listen: "string", "rules-dir": "strings" });
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}"\n${RUN_USAGE}`);
  const configPath = flags.string("config");
  const ruleDirs = flags.strings("rules-dir");
  let current: PolicyBuild = warm(loadPolicyOrFail(configPath, ruleDirs));
  const resolver = createSystemResolver();

  const main = parseListen(flags.string("listen") ?? current.config.config.fetch_proxy.listen);
  const health = Bun.serve({
    hostname: main.hostname,
    port: main.port,
    fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
        return Response.json({ status: "ok", version: VERSION, rules: current.policy.rules.length, packs: current.packs.length, mode: current.config.config.mode });
      }
      return Response.json({ error: "not_found", message: "this build of pipelock serves /health here; the proxy doors are not enabled" }, { status: 404 });
    },
  });
  printErr(`pipelock ${VERSION}: ${current.policy.rules.length} rules from ${current.packs.length} packs; config ${current.config.file}`);
  printErr(`pipelock: health on http://${hostPort(main.hostname, health.port ?? main.port)}/health`);

  const scanApiCfg = current.config.config.scan_api;
  let scanApi: { port: number; stop(): Promise<void> } | undefined;
  if (scanApiCfg.listen !== undefined) {
    if (scanApiCfg.auth.bearer_tokens.filter((t) => t.length > 0).length === 0) {
      await health.stop(true);
      throw new UsageError("scan_api.listen is set but scan_api.auth.bearer_tokens is empty: the Scan API never runs without a token");
    }
    const at = parseListen(scanApiCfg.listen);
    scanApi = startScanApi(
      {
        scan: (subject, opts) => scan(current.policy, subject, { resolver, signal: opts.signal, deadlineMs: opts.deadlineMs }),
        settings: () => scanApiSettings(current),
      },
      at,
    );
    printErr(`pipelock: Scan API on http://${hostPort(at.hostname, scanApi.port)}/api/v1/scan`);
  }

  const reload = () => {
    const cfg = loadConfig(configPath);
    const built = cfg.ok ? buildPolicy(cfg.loaded, { ruleDirs }) : cfg;
    if (!built.ok) {
      printErr(`pipelock: reload refused, keeping the running policy:\n${built.issues.map(formatIssue).join("\n")}`);
      return;
    }
    current = warm(built.build); // one assignment: requests already running keep the policy they captured
    printErr(`pipelock: reloaded; ${current.policy.rules.length} rules from ${current.packs.length} packs`);
  };
  process.on("SIGHUP", reload);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.off("SIGHUP", reload);
  await Promise.all([health.stop(), scanApi?.stop()]);
  printErr("pipelock: stopped");
  return EXIT.allow;
}

/**
 * Compile every RE2 program now. Built-in rules compile lazily (a one-shot `check` of clean input
 * never needs RE2); a long-running proxy pays that once at startup, not on its first requests.
 */
function warm(build: PolicyBuild): PolicyBuild {
  warmPolicy(build.policy);
  return build;
}

function scanApiSettings(build: PolicyBuild): ScanApiSettings {
  const s = build.config.config.scan_api;
  return {
    bearerTokens: s.auth.bearer_tokens,
    requestsPerMinute: s.rate_limit.requests_per_minute,
    burst: s.rate_limit.burst,
    maxBodyBytes: s.max_body_bytes,
    fieldLimits: s.field_limits,
    scanTimeoutMs: parseDuration(s.timeouts.scan),
    kinds: s.kinds,
    engineVersion: ENGINE_VERSION,
  };
}

/** "127.0.0.1:8888" / "[::1]:8888" / ":8888" (loopback) → hostname and port. */
export function parseListen(listen: string): { hostname: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(listen);
  if (!m) throw new UsageError(`listen address "${listen}" is not host:port`);
  const port = Number(m[3]);
  if (port > 65535) throw new UsageError(`listen port ${port} is out of range`);
  // An empty host means loopback, never all interfaces: exposing a security proxy must be explicit.
  return { hostname: m[1] ?? (m[2] || "127.0.0.1"), port };
}

function hostPort(hostname: string, port: number): string {
  return hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`;
}
