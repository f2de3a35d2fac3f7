/**
 * @module `pipelock run`: load the policy; start operations (evidence pipeline, kill switch, reload
 * on SIGHUP / file watch / admin API, admin listener); then the main listener (forward proxy,
 * CONNECT with optional TLS interception, /fetch, /ws, /health) on fetch_proxy.listen or --listen —
 * or, with --reverse-proxy, the reverse proxy in front of --upstream — and the Scan API when
 * configured. A reload swaps the policy for new requests; listeners stay where they are.
 * SIGINT/SIGTERM stop cleanly.
 */
import { toWebsocketSettings } from "../config/index.ts";
import { scan, warmPolicy } from "../engine/index.ts";
import { createTunnelInterceptor, createWebSocketDoor, startMainListener } from "../doors/forward/index.ts";
import { startReverseProxy } from "../doors/reverse/index.ts";
import { ignoreProxyEnvironment } from "../doors/upstream/index.ts";
import { startScanApi } from "../doors/scanapi/index.ts";
import { startOperations } from "../ops/index.ts";
import type { PolicyBuild } from "../policy/index.ts";
import { VERSION } from "../version.ts";
import { EXIT, loadPolicyOrFail, printErr, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";
import { createDoorRuntime, cutOnKillSwitch, openInterceptionOrFail, scanApiSettingsFor, stderrDenySink } from "./_http-doors.ts";

export const RUN_USAGE = `usage: pipelock run [--config FILE] [--listen HOST:PORT] [--rules-dir DIR] [--allow-weakening]
       pipelock run --reverse-proxy --upstream URL [--listen HOST:PORT] [--config FILE]`;

interface Stoppable {
  stop(): Promise<void>;
}

export async function runRun(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    config: "string",
    listen: "string",
    "rules-dir": "strings",
    "reverse-proxy": "boolean",
    upstream: "string",
    "reverse-upstream": "string",
    "reverse-listen": "string",
    "allow-weakening": "boolean",
  });
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}"\n${RUN_USAGE}`);
  const configPath = flags.string("config");
  const ruleDirs = flags.strings("rules-dir");
  const reverseFlag = flags.bool("reverse-proxy");
  const ignored = ignoreProxyEnvironment();
  if (ignored.length > 0) printErr(`pipelock: ignoring ${ignored.join(", ")} in its own environment (pipelock connects to upstreams directly)`);
  let current: PolicyBuild = loadPolicyOrFail(configPath, ruleDirs);
  const cfg = current.config.config;
  // Reverse-only mode scans text and content, never URLs, tool calls or MCP descriptions: warming every
  // program would cost ~50 MB of RE2 memory it never uses, so only what its first requests touch is built.
  if (reverseFlag && cfg.scan_api.listen === undefined) await warmForReverse(current);
  else warm(current);

  const upstreamFlag = flags.string("upstream") ?? flags.string("reverse-upstream");
  const reverseOn = reverseFlag || cfg.reverse_proxy.enabled;
  if (!reverseOn && upstreamFlag !== undefined) throw new UsageError(`--upstream needs --reverse-proxy\n${RUN_USAGE}`);
  const upstream = reverseOn ? reverseUpstream(upstreamFlag ?? cfg.reverse_proxy.upstream) : undefined;
  // Interception enabled without a usable CA stops here (fail closed), before anything listens.
  const interception = openInterceptionOrFail(current);

  // Operations first: its SIGHUP handler must be in place before the first listener is announced.
  const ops = await startOperations({
    ...(configPath !== undefined ? { configPath } : {}),
    ruleDirs,
    getBuild: () => current,
    onPolicySwap: (next) => {
      current = next; // one assignment: requests already running keep the policy they captured
      runtime.reloaded(next);
    },
    allowWeakening: flags.bool("allow-weakening"),
    log: printErr,
  });
  const runtime = createDoorRuntime({
    current: () => current,
    sink: stderrDenySink(printErr, () => current.config.config.logging.include_blocked, ops.sink),
    killSwitch: () => ops.killSwitch.reason(),
    ...(interception ? { extraCa: interception.upstreamCa } : {}),
  });
  const stopCutting = cutOnKillSwitch(ops.killSwitch, runtime.live); // engaging the switch cuts open tunnels and relays
  const wsDoor = createWebSocketDoor(runtime.ctx, () => toWebsocketSettings(current.config.config.websocket_proxy));
  const interceptor = interception ? createTunnelInterceptor(runtime.ctx, interception.interceptor, wsDoor.tunnel) : undefined;
  const stoppers: Stoppable[] = [];
  const stopAll = async () => {
    await Promise.all(stoppers.map((s) => s.stop().catch(() => {})));
    stopCutting();
    interceptor?.close();
    await ops.stop();
  };
  printErr(`pipelock ${VERSION}: ${current.policy.rules.length} rules from ${current.packs.length} packs; config ${current.config.file}`);

  try {
    // With --reverse-proxy, --listen names the reverse proxy's address and the main listener stays off.
    if (!reverseFlag) {
      const at = parseListen(flags.string("listen") ?? cfg.fetch_proxy.listen);
      const main = await startMainListener({
        hostname: at.hostname,
        port: at.port,
        ctx: runtime.ctx,
        health: () => ({ status: "ok", version: VERSION, rules: current.policy.rules.length, packs: current.packs.length, mode: current.config.config.mode, kill_switch: ops.killSwitch.active() }),
        upgrade: wsDoor,
        ...(interceptor ? { interceptor } : {}),
      });
      stoppers.push(main);
      const where = hostPort(at.hostname, main.port);
      const c = current.config.config;
      printErr(`pipelock: proxy on http://${where} (forward${c.forward_proxy.enabled ? "" : " disabled"}, CONNECT, /fetch?url=, /ws?url=${c.websocket_proxy.enabled ? "" : " disabled"}, /health)`);
      printErr(`pipelock: health on http://${where}/health`);
      printErr(`pipelock: agents use HTTPS_PROXY=http://${where} HTTP_PROXY=http://${where}`);
      if (interception) printErr(`pipelock: TLS interception on; agents must trust ${interception.caCertPath} (pipelock tls show-ca)`);
    }
    if (upstream) {
      const at = parseListen((reverseFlag ? flags.string("listen") : undefined) ?? flags.string("reverse-listen") ?? cfg.reverse_proxy.listen);
      const reverse = await startReverseProxy({ hostname: at.hostname, port: at.port, upstream, ctx: runtime.ctx });
      stoppers.push(reverse);
      printErr(`pipelock: reverse proxy on http://${hostPort(at.hostname, reverse.port)} → ${upstream.origin}`);
    }
    const scanApiCfg = cfg.scan_api;
    if (scanApiCfg.listen !== undefined) {
      if (scanApiCfg.auth.bearer_tokens.filter((t) => t.length > 0).length === 0) {
        throw new UsageError("scan_api.listen is set but scan_api.auth.bearer_tokens is empty: the Scan API never runs without a token");
      }
      const at = parseListen(scanApiCfg.listen);
      const resolver = runtime.resolver;
      const scanApi = startScanApi(
        {
          scan: (subject, opts) => scan(current.policy, subject, { resolver, signal: opts.signal, deadlineMs: opts.deadlineMs }),
          settings: () => scanApiSettingsFor(current),
          killSwitch: () => ops.killSwitch.active(),
        },
        at,
      );
      stoppers.push(scanApi);
      printErr(`pipelock: Scan API on http://${hostPort(at.hostname, scanApi.port)}/api/v1/scan`);
    }
  } catch (err) {
    await stopAll();
    throw listenError(err);
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await stopAll();
  printErr("pipelock: stopped");
  return EXIT.allow;
}

function reverseUpstream(text: string | undefined): URL {
  if (text === undefined) throw new UsageError(`the reverse proxy needs --upstream URL (or reverse_proxy.upstream)\n${RUN_USAGE}`);
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) throw new UsageError(`--upstream "${text}" is not an http(s) URL`);
  return new URL(text);
}

function listenError(err: unknown): Error {
  const code = (err as { code?: string })?.code;
  if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") return new UsageError(`cannot listen: ${(err as Error).message}`);
  return err as Error;
}

/**
 * Compile every RE2 program now. Built-in rules compile lazily (a one-shot `check` of clean input
 * never needs RE2); a long-running proxy pays that once at startup, not on its first requests.
 */
function warm(build: PolicyBuild): PolicyBuild {
  warmPolicy(build.policy, collectGarbage);
  return build;
}

/**
 * A full collection between warm-up phases: compiling the programs leaves tens of MB of garbage the
 * collector would otherwise leave standing, and that garbage sets the process's peak RSS.
 */
function collectGarbage(): void {
  Bun.gc(true);
}

/** Sample text the reverse proxy's first requests would carry: builds the programs they reach. */
const REVERSE_WARM_TEXT = "GET /api/v1/items?page=2 Authorization: Bearer example-token-value {\"name\": \"value\"} <html><body>Hello</body></html>";

async function warmForReverse(build: PolicyBuild): Promise<void> {
  await scan(build.policy, { kind: "text", text: REVERSE_WARM_TEXT });
  collectGarbage();
  await scan(build.policy, { kind: "content", content: REVERSE_WARM_TEXT });
  collectGarbage();
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
