/**
 * @module `pipelock mcp`: proxy an MCP server (stdio child, Streamable HTTP / SSE or WebSocket
 * upstream) with every message scanned both ways; `scan` lists a server's tools once and reports
 * poisoning (exit 0 clean, 1 findings); `baseline` pins a server's tool fingerprints in a file that
 * `proxy --baseline` and `scan --baseline` enforce across sessions.
 */
import { isAbsolute, resolve } from "node:path";
import { warmPolicy, type CompiledPolicy } from "../engine/index.ts";
import type { DecisionEvent, EventSink } from "../evidence/index.ts";
import { toCrossRequestSettings, type Config } from "../config/index.ts";
import { crossRequestActive } from "../engine/scanners/cross-request/index.ts";
import { createCrossRequestTracker, MemoryStateStore, type CrossRequestTracker } from "../state/index.ts";
import {
  BaselineError,
  childEnv,
  createGuard,
  DENY_PROMPTER,
  EnvError,
  execRedirector,
  inspectServerPayload,
  inspectToolList,
  listServerTools,
  McpSession,
  mcpGuardSettings,
  policyScanner,
  readBaseline,
  httpBridge,
  runStdioBridge,
  runStdioRelay,
  startMcpHttpListener,
  startMcpWsListener,
  ttyPrompter,
  writeBaseline,
  wsBridge,
  type McpGuardSettings,
  type PinnedTool,
} from "../doors/mcp/index.ts";
import type { PolicyBuild } from "../policy/index.ts";
import { startOperations, type Operations } from "../ops/index.ts";
import { ignoreProxyEnvironment } from "../doors/upstream/index.ts";
import { EXIT, loadPolicyOrFail, printErr, printOut, UsageError } from "./_io.ts";
import { parseFlags, type Flags } from "./_flags.ts";

export const MCP_USAGE = `usage: pipelock mcp proxy [--config F] [--baseline FILE] [--env K[=V]]... [--clean-env] [--no-ask] [--verbose] -- CMD ARGS...
       pipelock mcp proxy --upstream http(s)://HOST/PATH | ws(s)://HOST/PATH --listen 127.0.0.1:PORT [--config F] [--baseline FILE]
       pipelock mcp proxy --upstream http(s)://HOST/PATH | ws(s)://HOST/PATH [--header "Name: value"]... [--config F] [--baseline FILE] [--no-ask] [--verbose]
       pipelock mcp scan [--config F] [--baseline FILE] [--json] [--timeout SECONDS] -- CMD ARGS...
       pipelock mcp baseline --out FILE [--config F] [--timeout SECONDS] -- CMD ARGS...`;

const FLAGS = {
  config: "string", "rules-dir": "strings", baseline: "string", env: "strings", "clean-env": "boolean", "no-ask": "boolean",
  verbose: "boolean", upstream: "string", listen: "string", json: "boolean", timeout: "string", out: "string", header: "strings",
} as const;

export async function runMcp(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const flags = parseFlags(rest, FLAGS);
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}" (put the server command after --)`);
  switch (sub) {
    case "proxy":
      if (flags.string("upstream") === undefined) return proxy(flags);
      return flags.string("listen") !== undefined ? listen(flags) : bridge(flags);
    case "scan":
      return scanServer(flags);
    case "baseline":
      return baseline(flags);
    default:
      throw new UsageError(`mcp: unknown subcommand ${sub === undefined ? "(none)" : `"${sub}"`}\n${MCP_USAGE}`);
  }
}

async function proxy(flags: Flags): Promise<number> {
  if (flags.rest.length === 0) throw new UsageError(`mcp proxy: give the server command after --\n${MCP_USAGE}`);
  if (flags.string("listen") !== undefined) throw new UsageError("mcp proxy: --listen needs --upstream");
  // Not warmed: an agent waits for the server to start; the rules it never needs stay unbuilt.
  let current = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const settings = mcpGuardSettings(current.config.config);
  const pins = loadPins(flags, current);
  const env = buildEnv(flags);
  // SIGHUP and SIGINT/SIGTERM belong to the wrapped server here (forwarded), so operations install
  // no signal handlers; config watching (reload.watch) still swaps the policy.
  const ops = await startOps(flags, () => current, (next) => (current = next), false);
  const session = new McpSession(crypto.randomUUID(), pins);
  const guard = createGuard({
    session,
    scanner: policyScanner(() => current.policy, new MemoryStateStore(), crossRequestOption(current.config.config)),
    settings,
    sink: teeSink(stderrSink(flags.bool("verbose")), ops.sink),
    door: "mcp_stdio",
    prompter: flags.bool("no-ask") ? DENY_PROMPTER : ttyPrompter(),
    redirector: execRedirector,
    killSwitch: () => ops.killSwitch.reason(),
  });
  try {
    const result = await runStdioRelay({
      command: flags.rest,
      env,
      guard,
      maxMessageBytes: settings.maxMessageBytes,
      clientIn: Bun.stdin.stream(),
      clientOut: process.stdout,
      forwardSignals: true,
    });
    if (!result.ok) {
      printErr(`pipelock: ${result.error}`);
      return 127;
    }
    return result.code;
  } finally {
    await ops.stop();
  }
}

/** Headers on every request to a bridged upstream (e.g. its Authorization); never logged. */
const MAX_BRIDGE_HEADERS = 32;

/**
 * `--upstream` without `--listen`: a stdio client (Claude Desktop, an IDE) reaches a remote server
 * over Streamable HTTP or WebSocket through pipelock, both directions guarded as in the stdio wrap.
 */
async function bridge(flags: Flags): Promise<number> {
  if (flags.rest.length > 0) throw new UsageError("mcp proxy --upstream: no server command is spawned; remove the part after --");
  const upstream = parseUpstream(flags.string("upstream")!);
  const headers = parseHeaders(flags.strings("header"));
  const ws = upstream.protocol.startsWith("ws");
  if (ws && Object.keys(headers).length > 0) throw new UsageError("--header is for http(s) upstreams (a WebSocket handshake from pipelock carries none)");
  const ignored = ignoreProxyEnvironment();
  if (ignored.length > 0) printErr(`pipelock: ignoring ${ignored.join(", ")} in its own environment (pipelock connects to the upstream directly)`);
  // Not warmed, like the stdio wrap: the client is waiting to start.
  let current = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const settings = mcpGuardSettings(current.config.config);
  const pins = loadPins(flags, current);
  const ops = await startOps(flags, () => current, (next) => (current = next), false);
  const guard = createGuard({
    session: new McpSession(crypto.randomUUID(), pins),
    scanner: policyScanner(() => current.policy, new MemoryStateStore(), crossRequestOption(current.config.config)),
    settings,
    sink: teeSink(stderrSink(flags.bool("verbose")), ops.sink),
    door: ws ? "mcp_ws" : "mcp_http",
    host: upstream.hostname,
    prompter: flags.bool("no-ask") ? DENY_PROMPTER : ttyPrompter(),
    redirector: execRedirector,
    killSwitch: () => ops.killSwitch.reason(),
  });
  const maxMessageBytes = settings.maxMessageBytes;
  try {
    const result = await runStdioBridge({
      guard,
      connect: ws ? wsBridge({ url: upstream, maxMessageBytes }) : httpBridge({ url: upstream, maxMessageBytes, headers }),
      maxMessageBytes,
      clientIn: Bun.stdin.stream(),
      clientOut: process.stdout,
    });
    if (result.reason !== undefined) printErr(`pipelock: ${result.reason}`);
    return result.code;
  } finally {
    await ops.stop();
  }
}

/** `--header "Name: value"` pairs (token names, values without line breaks). */
function parseHeaders(raw: readonly string[]): Record<string, string> {
  if (raw.length > MAX_BRIDGE_HEADERS) throw new UsageError(`at most ${MAX_BRIDGE_HEADERS} --header flags`);
  const out: Record<string, string> = {};
  for (const h of raw) {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}):\s*([^\r\n]*)$/.exec(h);
    if (!m) throw new UsageError(`--header must be "Name: value" (got a ${h.length}-character value that is not)`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

async function listen(flags: Flags): Promise<number> {
  if (flags.rest.length > 0) throw new UsageError("mcp proxy --upstream: no server command is spawned; remove the part after --");
  const ignored = ignoreProxyEnvironment();
  if (ignored.length > 0) printErr(`pipelock: ignoring ${ignored.join(", ")} in its own environment (pipelock connects to the upstream directly)`);
  let current = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  // A long-running listener: full collections between warm phases keep its startup peak down.
  warmPolicy(current.policy, () => Bun.gc(true));
  const config = current.config.config;
  const pins = loadPins(flags, current);
  const upstream = parseUpstream(flags.string("upstream")!);
  const { hostname, port } = parseListen(flags.string("listen") ?? (upstream.protocol.startsWith("ws") ? "127.0.0.1:8891" : "127.0.0.1:8890"));
  const ops = await startOps(flags, () => current, (next) => (current = next), true);
  const sink = teeSink(stderrSink(flags.bool("verbose")), ops.sink);
  const scanner = policyScanner(() => current.policy, new MemoryStateStore(), crossRequestOption(config));
  const door = upstream.protocol.startsWith("ws") ? ("mcp_ws" as const) : ("mcp_http" as const);
  const host = upstream.hostname;
  // Listeners serve remote-style clients: no terminal to ask on, so `ask` denies. A reloaded
  // config's MCP sections apply to sessions that start after the reload.
  const makeGuard = (session: McpSession) =>
    createGuard({ session, scanner, settings: mcpGuardSettings(current.config.config), sink, door, host, prompter: DENY_PROMPTER, redirector: execRedirector, killSwitch: () => ops.killSwitch.reason() });
  const maxMessageBytes = mcpGuardSettings(config).maxMessageBytes;
  const common = { upstream, hostname, port, makeGuard, maxMessageBytes, allowedOrigins: config.mcp_ws_listener.allowed_origins, sink, ...(pins ? { pins } : {}) };
  let listener: { url: string; stop(): Promise<void> };
  try {
    listener = door === "mcp_ws" ? startMcpWsListener({ ...common, maxConnections: config.mcp_ws_listener.max_connections }) : startMcpHttpListener({ ...common, maxSessions: config.mcp_ws_listener.max_connections });
  } catch (err) {
    await ops.stop();
    throw new UsageError(`mcp proxy: cannot listen on ${hostname}:${port}: ${(err as Error).message}`);
  }
  printErr(`pipelock: MCP ${door === "mcp_ws" ? "WebSocket" : "HTTP"} proxy on ${listener.url} → ${upstream.origin}${upstream.pathname}`);
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await listener.stop();
  await ops.stop();
  return EXIT.allow;
}

/** Evidence (flight recorder, metrics, emitters), kill switch and reload, as `pipelock run` has them. */
function startOps(flags: Flags, getBuild: () => PolicyBuild, onPolicySwap: (next: PolicyBuild) => void, signals: boolean): Promise<Operations> {
  const configPath = flags.string("config");
  return startOperations({ ...(configPath !== undefined ? { configPath } : {}), ruleDirs: flags.strings("rules-dir"), getBuild, onPolicySwap, signals, log: printErr });
}

/** Sessions whose cross-request state is kept at once (least recently used forgotten first). */
const CROSS_REQUEST_SESSIONS = 1_000;

/** `cross_request_detection` as read at start (a reload keeps the settings, not the state). */
function crossRequestOption(config: Config): { crossRequest?: CrossRequestTracker } {
  const settings = toCrossRequestSettings(config.cross_request_detection);
  if (!crossRequestActive(settings)) return {};
  return { crossRequest: createCrossRequestTracker(new MemoryStateStore({ maxKeys: CROSS_REQUEST_SESSIONS }), settings) };
}

function teeSink(...sinks: EventSink[]): EventSink {
  return {
    emit(e) {
      for (const s of sinks) {
        try {
          s.emit(e);
        } catch {
          // one broken sink must not starve the others
        }
      }
    },
  };
}

function parseUpstream(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`--upstream ${JSON.stringify(raw)} is not a URL`);
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(u.protocol)) throw new UsageError("--upstream must be http(s):// or ws(s)://");
  if (u.username !== "" || u.password !== "") throw new UsageError("--upstream must not carry credentials (pass them as headers from the client)");
  return u;
}

function parseListen(raw: string): { hostname: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  const port = m ? Number(m[2]) : NaN;
  if (m === null || port > 65535) throw new UsageError(`--listen must be host:port (e.g. 127.0.0.1:8890), not ${JSON.stringify(raw)}`);
  return { hostname: m[1]!.replace(/^\[|\]$/g, ""), port };
}

async function scanServer(flags: Flags): Promise<number> {
  if (flags.rest.length === 0) throw new UsageError(`mcp scan: give the server command after --\n${MCP_USAGE}`);
  const build = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const settings = mcpGuardSettings(build.config.config);
  const inventory = await inventoryOf(flags, settings);
  if (typeof inventory === "string") {
    printErr(`pipelock: ${inventory}`);
    return EXIT.usage;
  }
  const events: DecisionEvent[] = [];
  const report = await auditInventory(build.policy, settings, inventory, loadPins(flags, build), events);
  if (flags.bool("json")) printOut(JSON.stringify(report, null, 2));
  else printOut(renderReport(report));
  return report.findings.length > 0 ? EXIT.deny : EXIT.allow;
}

async function baseline(flags: Flags): Promise<number> {
  const out = flags.string("out");
  if (out === undefined) throw new UsageError("mcp baseline: --out FILE is required");
  if (flags.rest.length === 0) throw new UsageError(`mcp baseline: give the server command after --\n${MCP_USAGE}`);
  const build = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const settings = mcpGuardSettings(build.config.config);
  const inventory = await inventoryOf(flags, settings);
  if (typeof inventory === "string") {
    printErr(`pipelock: ${inventory}`);
    return EXIT.usage;
  }
  // Pinning a poisoned tool would bless it: the tools are scanned first and refused ones are not pinned.
  const session = new McpSession("baseline");
  const events: DecisionEvent[] = [];
  const report = await auditInventory(build.policy, settings, inventory, undefined, events, session);
  const pins = new Map([...session.registry.snapshot()].filter(([name]) => session.registry.callable(name).ok));
  writeBaseline(out, pins, inventory.serverInfo);
  printOut(`pinned ${pins.size} tool${pins.size === 1 ? "" : "s"} in ${out}`);
  if (report.findings.length > 0) {
    printErr(renderReport(report));
    return EXIT.deny;
  }
  return EXIT.allow;
}

interface ScanReport {
  readonly server?: { readonly name?: string; readonly version?: string };
  readonly tools: number;
  readonly findings: readonly { readonly target: string; readonly decision: string; readonly rule_id: string; readonly severity: string; readonly message: string; readonly exempt?: string }[];
}

async function auditInventory(policy: CompiledPolicy, settings: McpGuardSettings, inventory: Awaited<ReturnType<typeof listServerTools>>, pins: ReadonlyMap<string, PinnedTool> | undefined, events: DecisionEvent[], session = new McpSession("scan", pins)): Promise<ScanReport> {
  const deps = { session, scanner: policyScanner(policy, new MemoryStateStore()), settings, sink: { emit: (e: DecisionEvent) => events.push(e) }, door: "cli" as const };
  let tools = 0;
  for (const page of inventory.pages) {
    tools += Array.isArray(page["tools"]) ? page["tools"].length : 0;
    await inspectToolList(deps, page, performance.now());
  }
  if (inventory.instructions !== undefined) {
    const r = await inspectServerPayload(deps.scanner, inventory.instructions, "instructions");
    if (r.verdict.findings.length > 0) events.push({ ts: new Date().toISOString(), door: "cli", direction: "response", decision: r.verdict.decision, action: r.verdict.action, target: "initialize instructions", findings: r.verdict.findings });
  }
  const findings = events.flatMap((e) => e.findings.map((f) => ({ target: e.target ?? "", decision: e.decision, rule_id: f.rule_id, severity: f.severity, message: f.message, ...(f.exempt ? { exempt: f.exempt } : {}) })));
  return { ...(inventory.serverInfo ? { server: inventory.serverInfo } : {}), tools, findings };
}

function renderReport(r: ScanReport): string {
  const name = r.server?.name ? `${r.server.name}${r.server.version ? ` ${r.server.version}` : ""}` : "the server";
  if (r.findings.length === 0) return `${name}: ${r.tools} tools, no findings`;
  const lines = [`${name}: ${r.tools} tools, ${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}`];
  for (const f of r.findings) {
    lines.push(`  ${f.decision === "deny" ? "DENY" : "warn"} ${f.target}: ${f.message} [${f.rule_id}, ${f.severity}]`);
    if (f.exempt) lines.push(`       to allow: ${f.exempt.replace(/\n\s*/g, " ")}`);
  }
  return lines.join("\n");
}

async function inventoryOf(flags: Flags, settings: McpGuardSettings) {
  const timeoutSeconds = Number(flags.string("timeout") ?? "30");
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 3600) throw new UsageError("--timeout must be a number of seconds (1-3600)");
  try {
    return await listServerTools({ command: flags.rest, env: buildEnv(flags), timeoutMs: timeoutSeconds * 1000, maxMessageBytes: settings.maxMessageBytes });
  } catch (err) {
    return `cannot list the server's tools: ${(err as Error).message}`;
  }
}

function loadPins(flags: Flags, build: PolicyBuild): ReadonlyMap<string, PinnedTool> | undefined {
  const fromFlag = flags.string("baseline");
  const fromConfig = build.config.config.mcp_tool_scanning.baseline_file;
  const file = fromFlag ?? (fromConfig === undefined ? undefined : isAbsolute(fromConfig) ? fromConfig : resolve(build.config.baseDir ?? process.cwd(), fromConfig));
  if (file === undefined) return undefined;
  try {
    return readBaseline(file);
  } catch (err) {
    if (err instanceof BaselineError) throw new UsageError(err.message);
    throw err;
  }
}

function buildEnv(flags: Flags): Record<string, string> {
  try {
    return childEnv(process.env, flags.strings("env"), flags.bool("clean-env"));
  } catch (err) {
    if (err instanceof EnvError) throw new UsageError(err.message);
    throw err;
  }
}

/** One stderr line per deny (every decision with --verbose); findings are already redacted. */
function stderrSink(verbose: boolean): EventSink {
  return {
    emit(e) {
      if (e.decision !== "deny" && !(verbose && (e.findings.length > 0 || e.action !== "allow"))) return;
      const f = e.findings.find((x) => x.action !== "warn") ?? e.findings[0];
      const what = f ? `${f.message} [${f.rule_id}]` : (e.failure ?? "");
      const dir = e.direction === "request" ? "client→server" : "server→client";
      printErr(`pipelock: mcp ${e.decision === "deny" ? "denied" : e.action} ${dir} ${e.target ?? e.method ?? ""}: ${what}`);
    },
  };
}
