/**
 * @module `bun bench/proxy-bench.ts [--quick]`: what the HTTP doors cost, measured in one run on this
 * box, every process on loopback.
 * - Latency (one keep-alive connection, sequential, µs) and the serving process's CPU time per
 *   request (from /proc; steadier than latency on a busy machine): the upstream directly, a raw Bun hop
 *   (Bun.serve whose handler is `fetch(upstream)`), a raw node:http hop (what the CONNECT-capable
 *   listener costs by itself), a reference Bun hop that reads each answer whole and sends it on in a
 *   new Response with the plumbing pipelock's doors have around their scans (the floor for any
 *   proxy that inspects bodies, before it scans), pipelock's forward proxy (absolute-URI) with and without body/response
 *   scanning (the URL scan always runs), pipelock's reverse proxy, and tinyproxy (Debian's plain
 *   forward proxy) — same 1 KiB text payload. Target: pipelock p50 − raw Bun hop p50 ≤ 60 µs.
 * - Throughput (autocannon under node, 16 connections): requests/s and p50/p99 for the same five.
 *   Target: pipelock ≥ 70% of the raw hop (re-measured just before each pipelock target: this VM's
 *   sustained speed drifts during a long run).
 * - Streaming: 1 GiB of text through the reverse proxy (scanned chunk by chunk), client curl,
 *   pipelock's peak RSS (VmHWM). Target ≤ 150 MB.
 * pipelock runs as the compiled binary (build first: `bun build.ts`).
 */
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const BINARY = join(ROOT, "dist/pipelock");
const BUN = process.execPath;
const QUICK = process.argv.includes("--quick");
const LATENCY_REQUESTS = QUICK ? 1_000 : 5_000;
/**
 * Requests each target serves before it is measured. A fresh pipelock keeps its JIT compiler busy for
 * its first ~15-20k requests (per-thread CPU from /proc shows the JIT worker thread falling to ~0
 * only then); a raw hop, with far less code, settles within a few thousand. The first requests of
 * the warm-up are reported apart ("fresh").
 */
const WARMUP = QUICK ? 2_000 : 30_000;
/** Warm-up requests whose latency is reported as the fresh process's. */
const FRESH_REQUESTS = QUICK ? 1_000 : 5_000;
const CANNON_SECONDS = QUICK ? 3 : 8;
const CANNON_CONNECTIONS = 16;
const STREAM_BYTES = QUICK ? 256 * 1024 * 1024 : 1024 * 1024 * 1024;
const PAYLOAD = "x".repeat(1000) + "\n";

if (!existsSync(BINARY)) throw new Error("dist/pipelock is missing: run `bun build.ts` first");
const dir = mkdtempSync(join(tmpdir(), "pipelock-proxy-bench-"));
const children: { kill(): void }[] = [];
process.on("exit", () => children.forEach((c) => c.kill()));

function spawn(cmd: string[], env: Record<string, string> = {}) {
  const p = Bun.spawn(cmd, { cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, ...env } });
  children.push(p);
  return p;
}

/** Wait for `re` on a child's stderr or stdout; returns the first group. */
async function announced(stream: ReadableStream<Uint8Array>, re: RegExp): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    const m = re.exec(text);
    if (m) {
      void (async () => {
        for (;;) if ((await reader.read()).done) return;
      })();
      return m[1]!;
    }
  }
  throw new Error(`not announced (${re}):\n${text}`);
}

// Upstream: the payload at /, and /big streaming STREAM_BYTES of text in 64 KiB chunks.
const upstreamSrc = `
const chunk = new TextEncoder().encode(("lorem ipsum dolor sit amet ".repeat(2500)).slice(0, 65536));
const payload = ${JSON.stringify(PAYLOAD)};
const s = Bun.serve({ hostname: "127.0.0.1", port: 0, idleTimeout: 60, fetch(req) {
  if (new URL(req.url).pathname === "/big") {
    let left = ${STREAM_BYTES};
    return new Response(new ReadableStream({ type: "direct", async pull(c) {
      while (left > 0) { const n = Math.min(left, chunk.length); c.write(n === chunk.length ? chunk : chunk.subarray(0, n)); left -= n; await c.flush(); }
      c.close();
    } }), { headers: { "content-type": "text/plain" } });
  }
  return new Response(payload, { headers: { "content-type": "text/plain" } });
} });
console.log("port " + s.port);`;
const upstream = spawn([BUN, "-e", upstreamSrc]);
const upPort = Number(await announced(upstream.stdout as ReadableStream<Uint8Array>, /port (\d+)/));

const hopSrc = `
const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch(req) {
  const u = new URL(req.url);
  return fetch("http://127.0.0.1:${upPort}" + u.pathname + u.search, { method: req.method, headers: req.headers, body: req.body, decompress: false });
} });
console.log("port " + s.port);`;
const hop = spawn([BUN, "-e", hopSrc]);
const hopPort = Number(await announced(hop.stdout as ReadableStream<Uint8Array>, /port (\d+)/));

// A reference for what any proxy that inspects answers pays in Bun before it scans anything: the
// hop above plus what pipelock's doors do around the scans — the request headers copied (hop-by-hop
// dropped, identity encoding asked for), an abort controller wired to the client and a head
// timer, the answer's body read whole (a scanner needs it) and sent in a new Response with its
// headers copied and Via added. No scanning, no events.
const inspectingHopSrc = `
const s = Bun.serve({ hostname: "127.0.0.1", port: 0, async fetch(req) {
  const u = new URL(req.url);
  const h = new Headers();
  for (const [n, v] of req.headers) if (n !== "connection" && n !== "keep-alive") h.append(n, v);
  h.set("accept-encoding", "identity");
  const c = new AbortController();
  const gone = () => c.abort();
  req.signal.addEventListener("abort", gone, { once: true });
  const t = setTimeout(() => c.abort(), 30000);
  let r;
  try { r = await fetch("http://127.0.0.1:${upPort}" + u.pathname + u.search, { method: req.method, headers: h, redirect: "manual", decompress: false, signal: c.signal }); }
  finally { clearTimeout(t); }
  const body = await r.arrayBuffer();
  req.signal.removeEventListener("abort", gone);
  const out = new Headers();
  for (const [n, v] of r.headers) if (n !== "connection" && n !== "keep-alive") out.append(n, v);
  out.append("via", "1.1 hop");
  return new Response(body, { status: r.status, headers: out });
} });
console.log("port " + s.port);`;
const inspectingHop = spawn([BUN, "-e", inspectingHopSrc]);
const inspectingHopPort = Number(await announced(inspectingHop.stdout as ReadableStream<Uint8Array>, /port (\d+)/));

// A node:http hop (server + keep-alive client, no scanning): the floor the forward proxy's node:http
// listener (needed for CONNECT) stands on, next to the Bun.serve + fetch() hop.
const nodeHopSrc = `
const http = require("node:http");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const s = http.createServer((req, res) => {
  const u = new URL(req.url, "http://x");
  const r = http.request({ host: "127.0.0.1", port: ${upPort}, path: u.pathname + u.search, agent }, (up) => { res.writeHead(up.statusCode, up.headers); up.pipe(res); });
  r.on("error", () => res.destroy());
  r.end();
});
s.listen(0, "127.0.0.1", () => console.log("port " + s.address().port));`;
const nodeHop = spawn([BUN, "-e", nodeHopSrc]);
const nodeHopPort = Number(await announced(nodeHop.stdout as ReadableStream<Uint8Array>, /port (\d+)/));

writeFileSync(
  join(dir, "bench.yaml"),
  `ssrf:\n  ip_allowlist: ["127.0.0.0/8"]\ndns:\n  system: false\nfetch_proxy:\n  listen: 127.0.0.1:0\n  monitoring:\n    max_requests_per_minute: 1000000000\nrate_limits:\n  max_subdomains_per_minute: 0\n`,
);
writeFileSync(
  join(dir, "noscan.yaml"),
  `${readFileSync(join(dir, "bench.yaml"), "utf8")}response_scanning:\n  enabled: false\nrequest_body_scanning:\n  enabled: false\n`,
);
const forward = spawn([BINARY, "run", "--config", "bench.yaml"]);
const bare = spawn([BINARY, "run", "--config", "noscan.yaml"]);
const barePort = Number(await announced(bare.stderr as ReadableStream<Uint8Array>, /proxy on http:\/\/\S+:(\d+)/));
const fwdPort = Number((await announced(forward.stderr as ReadableStream<Uint8Array>, /proxy on http:\/\/\S+:(\d+)/)));
const reverse = spawn([BINARY, "run", "--config", "bench.yaml", "--reverse-proxy", "--listen", "127.0.0.1:0", "--upstream", `http://127.0.0.1:${upPort}`]);
const revPort = Number(await announced(reverse.stderr as ReadableStream<Uint8Array>, /reverse proxy on http:\/\/\S+:(\d+)/));

const tinyPort = 20000 + Math.floor(Math.random() * 20000);
writeFileSync(join(dir, "tinyproxy.conf"), `Port ${tinyPort}\nListen 127.0.0.1\nTimeout 60\nMaxClients 200\nAllow 127.0.0.1\nLogLevel Critical\nDisableViaHeader Yes\n`);
const tiny = spawn(["tinyproxy", "-d", "-c", join(dir, "tinyproxy.conf")]);
await Bun.sleep(500);
void tiny;

interface Target {
  readonly name: string;
  readonly port: number;
  /** Request target on the wire: a path, or an absolute URL for forward proxies. */
  readonly path: string;
  /** tinyproxy closes client connections after each answer, so it is measured with a new connection per request. */
  readonly keepAlive?: boolean;
  /** The serving process, whose CPU time per request is reported. */
  readonly pid?: number;
}
const targets: Target[] = [
  { name: "upstream (direct)", port: upPort, path: "/", pid: upstream.pid },
  { name: "raw Bun fetch() hop", port: hopPort, path: "/", pid: hop.pid },
  { name: "raw node:http hop", port: nodeHopPort, path: "/", pid: nodeHop.pid },
  { name: "Bun hop, answers read whole (ref.)", port: inspectingHopPort, path: "/", pid: inspectingHop.pid },
  { name: "pipelock forward", port: fwdPort, path: `http://127.0.0.1:${upPort}/`, pid: forward.pid },
  { name: "pipelock forward, URL scan only", port: barePort, path: `http://127.0.0.1:${upPort}/`, pid: bare.pid },
  { name: "pipelock reverse", port: revPort, path: "/", pid: reverse.pid },
  { name: "tinyproxy forward (new conn)", port: tinyPort, path: `http://127.0.0.1:${upPort}/`, keepAlive: false, pid: tiny.pid },
];

/** CPU time (user + system, all threads) a process has used so far, in µs; undefined without /proc. */
function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** Kernel clock ticks per second (USER_HZ), 100 on Linux. */
const CLOCK_TICKS = 100;

/**
 * Sequential keep-alive requests after the warm-up; per-request latencies in µs, the server's CPU µs
 * per request, and the latencies of the fresh process's first requests.
 */
async function latency(t: Target, n: number): Promise<{ samples: number[]; fresh: number[]; cpu?: number }> {
  const agent = new http.Agent({ keepAlive: t.keepAlive ?? true, maxSockets: 1 });
  const one = () =>
    new Promise<number>((resolveOne, reject) => {
      const start = performance.now();
      const req = http.request({ host: "127.0.0.1", port: t.port, path: t.path, agent, headers: { host: `127.0.0.1:${upPort}` } }, (res) => {
        let size = 0;
        res.on("data", (c: Buffer) => (size += c.length));
        res.on("end", () => (res.statusCode === 200 && size === PAYLOAD.length ? resolveOne((performance.now() - start) * 1000) : reject(new Error(`${t.name}: status ${res.statusCode}, ${size} bytes`))));
      });
      req.on("error", reject);
      req.end();
    });
  const fresh: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    const us = await one();
    if (i < FRESH_REQUESTS) fresh.push(us);
  }
  const cpuBefore = cpuMicros(t.pid);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await one());
  const cpuAfter = cpuMicros(t.pid);
  agent.destroy();
  return { samples: out, fresh, ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpu: (cpuAfter - cpuBefore) / n } : {}) };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

console.log(`payload ${PAYLOAD.length} bytes text/plain; ${LATENCY_REQUESTS} sequential requests after ${WARMUP} warm-up requests (the JIT settles), one keep-alive connection`);
console.log(`\nlatency (µs)                          p50      p99   server CPU per request   p50 of a fresh process's first ${FRESH_REQUESTS}`);
const p50: Record<string, number> = {};
const freshP50: Record<string, number> = {};
for (const t of targets) {
  const { samples: xs, fresh, cpu: cpuPerRequest } = await latency(t, LATENCY_REQUESTS);
  freshP50[t.name] = pct(fresh, 50);
  // CPU time is counted in 10 ms ticks: over thousands of requests the rounding is small.
  const cpu = cpuPerRequest !== undefined ? `${cpuPerRequest.toFixed(0).padStart(9)}` : "";
  p50[t.name] = pct(xs, 50);
  console.log(`${t.name.padEnd(34)} ${pct(xs, 50).toFixed(0).padStart(7)}  ${pct(xs, 99).toFixed(0).padStart(7)}  ${cpu.padEnd(22)} ${freshP50[t.name]!.toFixed(0).padStart(9)}`);
}
const addedFwd = p50["pipelock forward"]! - p50["raw Bun fetch() hop"]!;
const addedRev = p50["pipelock reverse"]! - p50["raw Bun fetch() hop"]!;
console.log(`added p50 over the raw hop: forward ${addedFwd.toFixed(0)} µs, reverse ${addedRev.toFixed(0)} µs (target ≤ 60 µs)`);
const refAdded = p50["Bun hop, answers read whole (ref.)"]! - p50["raw Bun fetch() hop"]!;
console.log(`  the reference hop that reads answers whole adds ${refAdded.toFixed(0)} µs by itself (no scanning); pipelock reverse adds ${(addedRev - refAdded).toFixed(0)} µs more`);
const hopFresh = freshP50["raw Bun fetch() hop"]!;
console.log(`  a fresh process's first ${FRESH_REQUESTS}: forward ${(freshP50["pipelock forward"]! - hopFresh).toFixed(0)} µs, reverse ${(freshP50["pipelock reverse"]! - hopFresh).toFixed(0)} µs`);

/** autocannon under node: rps and latency percentiles. */
async function cannon(t: Target): Promise<{ rps: number; p50: number; p99: number; errors: number; non2xx: number }> {
  const script = `
const autocannon = require(${JSON.stringify(join(ROOT, "node_modules/autocannon"))});
autocannon({ url: "http://127.0.0.1:${t.port}", connections: ${CANNON_CONNECTIONS}, duration: ${CANNON_SECONDS},
  requests: [{ method: "GET", path: ${JSON.stringify(t.path)}, headers: { host: "127.0.0.1:${upPort}" } }] }, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  console.log(JSON.stringify({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx }));
});`;
  const p = Bun.spawn(["node", "-e", script], { stdout: "pipe", stderr: "pipe" });
  const out = await new Response(p.stdout).text();
  await p.exited;
  return JSON.parse(out.trim().split("\n").pop()!);
}

console.log(`\nthroughput (autocannon, ${CANNON_CONNECTIONS} connections, ${CANNON_SECONDS} s)   req/s    p50 ms   p99 ms   errors`);
const rps: Record<string, number> = {};
// This VM's sustained speed drifts over a long run, so each pipelock target is compared with a raw
// hop measured just before it (printed), not with the one measured at the start.
const hopTarget = targets.find((t) => t.name === "raw Bun fetch() hop")!;
const hopBefore: Record<string, number> = {};
for (const t of targets) {
  if (t.name.startsWith("pipelock")) {
    hopBefore[t.name] = (await cannon(hopTarget)).rps;
    console.log(`${"  (raw Bun hop just before)".padEnd(34)} ${hopBefore[t.name]!.toFixed(0).padStart(20)}`);
  }
  const r = await cannon(t);
  rps[t.name] = r.rps;
  console.log(`${t.name.padEnd(34)} ${r.rps.toFixed(0).padStart(20)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.errors + r.non2xx).padStart(8)}`);
}
const ratioFwd = rps["pipelock forward"]! / hopBefore["pipelock forward"]!;
const ratioRev = rps["pipelock reverse"]! / hopBefore["pipelock reverse"]!;
console.log(`throughput vs the raw hop measured just before: forward ${(ratioFwd * 100).toFixed(0)}%, reverse ${(ratioRev * 100).toFixed(0)}% (target ≥ 70%)`);

// Streaming: a fresh reverse-proxy process, so its peak RSS belongs to this transfer.
const stream = spawn([BINARY, "run", "--config", "bench.yaml", "--reverse-proxy", "--listen", "127.0.0.1:0", "--upstream", `http://127.0.0.1:${upPort}`]);
const streamPort = Number(await announced(stream.stderr as ReadableStream<Uint8Array>, /reverse proxy on http:\/\/\S+:(\d+)/));
const before = vm(stream.pid, "VmHWM");
const curl = Bun.spawn(["curl", "-s", "-o", "/dev/null", "-w", "%{size_download} %{time_total} %{http_code}", `http://127.0.0.1:${streamPort}/big`], { stdout: "pipe" });
const [size, seconds, code] = (await new Response(curl.stdout).text()).trim().split(" ");
const peak = vm(stream.pid, "VmHWM");
console.log(
  `\nstream ${(STREAM_BYTES / 2 ** 20).toFixed(0)} MiB text through the reverse proxy (scanned): ${code} ${size} bytes in ${Number(seconds).toFixed(1)} s ` +
    `(${(Number(size) / 2 ** 20 / Number(seconds)).toFixed(0)} MiB/s); pipelock peak RSS ${peak.toFixed(0)} MB (at start ${before.toFixed(0)} MB; target ≤ 150 MB)`,
);

/** A /proc/<pid>/status field in MB. */
function vm(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

for (const c of children) c.kill();
process.exit(0);
