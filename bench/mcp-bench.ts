/**
 * @module `bun bench/mcp-bench.ts`: MCP proxy timings (medians unless noted), each next to its
 * target from issue 6:
 * - `tools/call` round trip over stdio through dist/pipelock vs the same server unwrapped (p50 of
 *   sequential calls once the JIT has settled, and of the first calls of a fresh process; the
 *   difference is the proxy's overhead, target ≤ 100 µs). On a small VM most of the overhead can be
 *   the wake-ups between CPUs: `taskset -c 0 bun bench/mcp-bench.ts` keeps client, proxy and server
 *   on one CPU (this 2-vCPU VM: ~82 µs pinned against ~200 µs unpinned, same binary);
 * - a typical `tools/call`: the engine's tool_call scan alone, and the whole client-side guard path
 *   (parse, duplicate keys, binding, scan, chain window, cross-request fragments, event) (target ≤
 *   30 µs for the scan);
 * - `tools/list` of 50 real-world tool definitions through the guard (target ≤ 200 µs): never seen
 *   before (the full poisoning scan of every tool, plus fingerprints), first in a new session
 *   (verdicts come from the policy-wide cache earlier sessions filled) and repeated in a session.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig, toCrossRequestSettings } from "../src/config/index.ts";
import { scan, warmPolicy } from "../src/engine/index.ts";
import { buildPolicy } from "../src/policy/index.ts";
import { createGuard, listServerTools, McpSession, mcpGuardSettings, policyScanner } from "../src/doors/mcp/index.ts";
import { createCrossRequestTracker, MemoryStateStore } from "../src/state/index.ts";

const REPO = resolve(import.meta.dir, "..");
const BINARY = resolve(REPO, "dist/pipelock");
const BUN = resolve(REPO, "node_modules/.bin/bun");
const SERVER = [BUN, resolve(REPO, "test/e2e/fixtures/evil-mcp-server.ts")];

const cfg = loadConfig();
if (!cfg.ok) throw new Error("embedded config does not load");
const built = buildPolicy(cfg.loaded);
if (!built.ok) throw new Error("policy does not build");
const policy = built.build.policy;
warmPolicy(policy);
const settings = mcpGuardSettings(cfg.loaded.config);

const rows: string[][] = [["benchmark", "median", "baseline", "overhead", "target"]];
const us = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} µs`;

function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

async function medianMicros(perBatch: number, batches: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < perBatch; i++) await fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(((performance.now() - t0) * 1000) / perBatch);
  }
  return percentile(samples, 0.5);
}

/** The first calls of a new process (JIT still compiling): reported apart from the steady state. */
const FRESH_CALLS = 1000;
/** Calls before the steady-state sample starts (the JIT has settled by then). */
const STEADY_AFTER = 10_000;

/** A session over a child's stdio (initialized, tools listed) that times one tools/call at a time. */
async function stdioSession(command: string[]): Promise<{ readonly pid: number; call(i: number): Promise<number>; close(): Promise<void> }> {
  const child = Bun.spawn(command, { cwd: REPO, stdin: "pipe", stdout: "pipe", stderr: "ignore", env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" } });
  const reader = (child.stdout as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const next = async (): Promise<string> => {
    for (;;) {
      const nl = buffer.indexOf("\n");
      if (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        return line;
      }
      const { done, value } = await reader.read();
      if (done) throw new Error("server closed");
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const send = (m: unknown) => {
    child.stdin.write(`${JSON.stringify(m)}\n`);
    child.stdin.flush();
  };
  send({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } });
  await next();
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  send({ jsonrpc: "2.0", id: "list", method: "tools/list" });
  await next();
  return {
    pid: child.pid,
    async call(i) {
      const t0 = performance.now();
      send({ jsonrpc: "2.0", id: i, method: "tools/call", params: { name: "add", arguments: { a: i, b: 2 } } });
      await next();
      return (performance.now() - t0) * 1000;
    },
    async close() {
      child.stdin.end();
      await child.exited;
    },
  };
}

/**
 * Round trips through every session, alternating call by call so that all see the same machine
 * (this VM's speed drifts); per-call µs of the first calls and of the steady state, for each, and
 * the CPU each wrapper process used per call in the steady state.
 */
async function roundTrips(plainCmd: string[], wrappedCmds: readonly string[][], calls: number) {
  const sessions = [await stdioSession(plainCmd)];
  for (const cmd of wrappedCmds) sessions.push(await stdioSession(cmd));
  const samples: number[][] = sessions.map(() => []);
  let cpuBefore: (number | undefined)[] = [];
  for (let i = 1; i <= STEADY_AFTER + calls; i++) {
    if (i === STEADY_AFTER + 1) cpuBefore = sessions.map((s) => cpuMicros(s.pid));
    for (let k = 0; k < sessions.length; k++) samples[k]!.push(await sessions[k]!.call(i));
  }
  const cpu = sessions.map((s, k) => {
    const after = cpuMicros(s.pid);
    const before = cpuBefore[k];
    return before !== undefined && after !== undefined ? (after - before) / calls : undefined;
  });
  await Promise.all(sessions.map((s) => s.close()));
  const split = (xs: number[]) => ({ fresh: xs.slice(0, FRESH_CALLS), steady: xs.slice(STEADY_AFTER) });
  return { plain: split(samples[0]!), wrapped: samples.slice(1).map(split), cpu: cpu.slice(1) };
}

/** CPU time (user + system, all threads) a process has used so far, in µs; undefined without /proc. */
function cpuMicros(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100; // USER_HZ ticks
  } catch {
    return undefined;
  }
}

// 1. Round trip over stdio, wrapped vs unwrapped (same server, same client).
if (existsSync(BINARY)) {
  const calls = 3000;
  // Reference relays (bench/fixtures/reference-relay.ts): the same pipes with no inspection, and
  // relays that only burn a fixed CPU time per message. On a VM whose idle CPUs halt, the wake-up
  // of the other side costs far more once a relay holds a message for more than a few µs.
  const relay = (spinUs: number) => [BUN, resolve(REPO, "bench/fixtures/reference-relay.ts"), String(spinUs), "--", ...SERVER];
  const SPINS = [0, 10, 25, 50];
  // Each wrapper is measured in a pass of its own against a fresh unwrapped session: processes
  // left running beside it (even idle) change the timings on a 2-CPU machine.
  const proxied = await roundTrips(SERVER, [[BINARY, "mcp", "proxy", "--", ...SERVER]], calls);
  const { plain } = proxied;
  const wrapped = proxied.wrapped[0]!;
  const proxyCpu = proxied.cpu[0];
  const references: Awaited<ReturnType<typeof roundTrips>>[] = [];
  for (const spinUs of SPINS) references.push(await roundTrips(SERVER, [relay(spinUs)], calls));
  const [p50, w50] = [percentile(plain.steady, 0.5), percentile(wrapped.steady, 0.5)];
  const [p99, w99] = [percentile(plain.steady, 0.99), percentile(wrapped.steady, 0.99)];
  const [f50, fw50] = [percentile(plain.fresh, 0.5), percentile(wrapped.fresh, 0.5)];
  rows.push([`tools/call round trip over stdio (p50, after ${STEADY_AFTER} calls)`, us(w50), `${us(p50)} unwrapped`, us(w50 - p50), "≤ 100 µs overhead"]);
  rows.push([`tools/call round trip over stdio (p99, after ${STEADY_AFTER} calls)`, us(w99), `${us(p99)} unwrapped`, us(w99 - p99), ""]);
  rows.push([`tools/call round trip over stdio (p50, first ${FRESH_CALLS} calls)`, us(fw50), `${us(f50)} unwrapped`, us(fw50 - f50), ""]);
  if (proxyCpu !== undefined) rows.push(["pipelock's CPU time per round trip (steady state, all threads)", us(proxyCpu), "", "", ""]);
  SPINS.forEach((spinUs, k) => {
    const ref = references[k]!;
    const [b50, r50] = [percentile(ref.plain.steady, 0.5), percentile(ref.wrapped[0]!.steady, 0.5)];
    const label = spinUs === 0 ? "reference: null relay (same Bun pipes, no inspection)" : `reference: relay that only spins ${spinUs} µs per message`;
    const relayCpu = ref.cpu[0];
    rows.push([`${label} (p50)`, us(r50), `${us(b50)} unwrapped`, us(r50 - b50), relayCpu === undefined ? "" : `CPU ${us(relayCpu)}/round trip`]);
  });
} else {
  rows.push(["tools/call round trip over stdio", "skipped", "dist/pipelock missing (bun build.ts)", "", ""]);
}

// 2. A typical tools/call: the engine scan, and the whole client-side guard path.
const args = { path: "/home/dev/project/src/index.ts", head: 40 };
const scanMicros = await medianMicros(500, 25, () => scan(policy, { kind: "tool_call", toolName: "read_text_file", arguments: args }));
// As the CLI wires it: cross-request detection on (the config's default).
const crossRequest = createCrossRequestTracker(new MemoryStateStore({ maxKeys: 1000 }), toCrossRequestSettings(cfg.loaded.config.cross_request_detection));
const guard = createGuard({ session: new McpSession("bench"), scanner: policyScanner(policy, new MemoryStateStore(), { crossRequest }), settings, sink: { emit() {} }, door: "mcp_stdio" });
await guard.receive("client", JSON.stringify({ jsonrpc: "2.0", id: "l", method: "tools/list" }));
await guard.receive("server", JSON.stringify({ jsonrpc: "2.0", id: "l", result: { tools: [{ name: "read_text_file", description: "Read a file.", inputSchema: { type: "object" } }] } }));
let id = 0;
const callMicros = await medianMicros(500, 25, async () => {
  const n = ++id;
  await guard.receive("client", JSON.stringify({ jsonrpc: "2.0", id: n, method: "tools/call", params: { name: "read_text_file", arguments: args } }));
  guard.session.fromClient.take(n);
});
// Short texts found clean are remembered per policy: a new result text on every call measures the
// scans; the same result again measures the remembered path.
const answerOf = (n: number, text: string) => JSON.stringify({ jsonrpc: "2.0", id: n, result: { content: [{ type: "text", text }] } });
const answerMicros = await medianMicros(500, 25, async () => {
  const n = ++id;
  guard.session.fromClient.add(n, { method: "tools/call", tool: "read_text_file" });
  await guard.receive("server", answerOf(n, `export function main${n}() { return ${n}; }`));
});
const repeatedAnswerMicros = await medianMicros(500, 25, async () => {
  const n = ++id;
  guard.session.fromClient.add(n, { method: "tools/call", tool: "read_text_file" });
  await guard.receive("server", answerOf(n, "export function main() { return 42; }"));
});
const parseMicros = await medianMicros(2000, 25, () => JSON.parse(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "read_text_file", arguments: args } })));
rows.push(["tools/call: engine tool_call scan", us(scanMicros), `${us(parseMicros)} JSON round trip`, "", "≤ 30 µs"]);
rows.push(["tools/call: whole guard path (client side, the same call repeated)", us(callMicros), `${us(parseMicros)} JSON round trip`, us(callMicros - scanMicros), ""]);
rows.push(["tools/call result: whole guard path (server side, a new result)", us(answerMicros), `${us(parseMicros)} JSON round trip`, "", ""]);
rows.push(["tools/call result: whole guard path (server side, the same result again)", us(repeatedAnswerMicros), `${us(parseMicros)} JSON round trip`, "", ""]);

// 3. tools/list of 50 real tool definitions: poisoning scan + fingerprints, cold and warm.
const inventories = await Promise.all([
  listServerTools({ command: ["node", resolve(REPO, "node_modules/@modelcontextprotocol/server-everything/dist/index.js"), "stdio"], env: { PATH: process.env["PATH"] ?? "" }, timeoutMs: 20_000, maxMessageBytes: settings.maxMessageBytes, stderr: "ignore" }),
  listServerTools({ command: ["node", resolve(REPO, "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js"), REPO], env: { PATH: process.env["PATH"] ?? "" }, timeoutMs: 20_000, maxMessageBytes: settings.maxMessageBytes, stderr: "ignore" }),
]);
const real = inventories.flatMap((inv) => inv.pages.flatMap((p) => p["tools"] as Record<string, unknown>[]));
const tools = Array.from({ length: 50 }, (_, i) => {
  const t = real[i % real.length]!;
  return i < real.length ? t : { ...t, name: `${String(t["name"])}_${i}`, description: `${String(t["description"] ?? "")} (variant ${i})` };
});
const listText = JSON.stringify({ jsonrpc: "2.0", id: "list", result: { tools } });
const listOnce = async (g: ReturnType<typeof createGuard>, text = listText) => {
  await g.receive("client", '{"jsonrpc":"2.0","id":"list","method":"tools/list"}');
  const d = await g.receive("server", text);
  if (d.forward === undefined) throw new Error("list refused");
};
const freshGuard = () => createGuard({ session: new McpSession("bench"), scanner: policyScanner(policy, new MemoryStateStore()), settings, sink: { emit() {} }, door: "mcp_stdio" });
// Never seen before: every description carries a token no earlier sample used, so no verdict or
// findings memo can answer and every tool gets the full poisoning scan.
let unseen = 0;
const unseenList = () => {
  const n = ++unseen;
  return JSON.stringify({ jsonrpc: "2.0", id: "list", result: { tools: tools.map((t) => ({ ...t, description: `${String(t["description"] ?? "")} [rev ${n}]` })) } });
};
const unseenTexts = Array.from({ length: 40 }, unseenList);
let nextUnseen = 0;
const fullScanMicros = await medianMicros(1, 30, () => listOnce(freshGuard(), unseenTexts[nextUnseen++]!));
// First list of a new session whose tools earlier sessions already listed: verdicts come from the
// policy-wide cache; fingerprints and session bookkeeping are still done.
await listOnce(freshGuard());
const coldMicros = await medianMicros(10, 25, () => listOnce(freshGuard()));
const warmGuard = freshGuard();
await listOnce(warmGuard);
const warmMicros = await medianMicros(20, 25, () => listOnce(warmGuard));
const listParse = await medianMicros(50, 25, () => JSON.parse(listText));
const kb = `${(listText.length / 1024).toFixed(0)} KB`;
rows.push([`tools/list of 50 tools never seen before: full poisoning scan (${kb})`, us(fullScanMicros), `${us(listParse)} JSON.parse`, "", "≤ 200 µs"]);
rows.push(["tools/list of 50 tools, first in a session (listed by earlier sessions)", us(coldMicros), `${us(listParse)} JSON.parse`, "", "≤ 200 µs"]);
rows.push(["tools/list of 50 tools, repeated (fingerprints, cached verdicts)", us(warmMicros), `${us(listParse)} JSON.parse`, "", "≤ 200 µs"]);

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
