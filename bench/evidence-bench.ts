/**
 * @module `bun bench/evidence-bench.ts`: evidence-path timings (medians over batches).
 * - recorder append: serialise + SHA-256 (noble) + buffered write of a typical deny record, with the
 *   per-turn flush amortised as the pipeline does it (one write per 100 entries), checkpoints every
 *   1000 (signed) — target ≤ 5 µs per event;
 * - the same for an allow record (no findings);
 * - EvidencePipeline.emit (what a door pays: a queue hand-off) — target: no measurable cost;
 * - the full drain per event (redaction with the default policy + metrics + recorder + 3 emitter offers);
 * - one signed checkpoint (Ed25519 sign) and verify throughput (entries/s);
 * - metrics scrape render time with realistic series counts.
 * Baseline: JSON.stringify of the same record, measured in the same run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config/index.ts";
import { warmPolicy } from "../src/engine/index.ts";
import {
  createMetrics,
  DeliveryQueue,
  EvidencePipeline,
  filteredEmitter,
  generateSigningKey,
  loadSigningKey,
  RecorderWriter,
  Redactor,
  toAuditRecord,
  toRecorderDetail,
  sha256Hex,
  sha256HexNoble,
  verifyDir,
  type AuditRecord,
  type DecisionEvent,
} from "../src/evidence/index.ts";
import { buildPolicy } from "../src/policy/index.ts";
import { writeFileSync } from "node:fs";

const cfg = loadConfig();
if (!cfg.ok) throw new Error("embedded config does not load");
const built = buildPolicy(cfg.loaded);
if (!built.ok) throw new Error("policy does not build");
warmPolicy(built.build.policy);

const denyEvent: DecisionEvent = {
  ts: new Date().toISOString(),
  door: "fetch",
  direction: "request",
  decision: "deny",
  action: "block",
  subject: "url",
  target: "https://api.example.com/v1/upload?token&user",
  method: "GET",
  status: 403,
  session: "sess-42",
  agent: "claude-code",
  findings: [{ scanner: "dlp", rule_id: "dlp.aws_access_key_id", severity: "critical", action: "block", message: "AWS access key id in url.query.token", location: "url.query.token", excerpt: "AKIA…[20 chars]", mitre: ["T1552.001"] }],
  duration_ms: 0.42,
  bytes: 512,
};
const allowEvent: DecisionEvent = { ts: denyEvent.ts, door: "forward", direction: "request", decision: "allow", action: "allow", subject: "url", target: "https://registry.npmjs.org/left-pad", method: "GET", status: 200, findings: [], duration_ms: 0.08, bytes: 0 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
/** Median µs per call over `batches` batches of `n` calls. */
function perCall(n: number, batches: number, fn: (i: number) => void, after?: () => void): number {
  for (let i = 0; i < n; i++) fn(i);
  after?.();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    after?.();
    samples.push(((performance.now() - t0) * 1000) / n);
  }
  return median(samples);
}

const dir = mkdtempSync(join(tmpdir(), "pipelock-bench-"));
const key = generateSigningKey();
writeFileSync(join(dir, "k.key"), key.privatePem, { mode: 0o600 });
const signingKey = loadSigningKey(join(dir, "k.key"));
const rows: [string, string, string][] = [["benchmark", "median", "target"]];
const fmt = (us: number) => `${us.toFixed(2)} µs`;

// What the pipeline hands the recorder (emitters get the flatter toAuditRecord form).
const denyRecord = toRecorderDetail(denyEvent);
const allowRecord = toRecorderDetail(allowEvent);
const stringify = perCall(1000, 50, () => JSON.stringify(denyRecord));
rows.push(["baseline: JSON.stringify(deny record)", fmt(stringify), ""]);
const body = JSON.stringify(denyRecord);
rows.push([`SHA-256 of the deny record, native (Bun.CryptoHasher)`, fmt(perCall(1000, 50, () => sha256Hex(body))), ""]);
rows.push([`SHA-256 of the deny record, @noble/hashes`, fmt(perCall(1000, 50, () => sha256HexNoble(body))), ""]);

for (const [name, record] of [["deny", denyRecord], ["allow", allowRecord]] as const) {
  const w = RecorderWriter.open({ dir: join(dir, `rec-${name}`), signingKey, checkpointInterval: 1000, fsync: "never" });
  const us = perCall(100, 500, () => void w.append("decision", record), () => w.flush());
  w.close();
  rows.push([`recorder append, ${name} record (${JSON.stringify(record).length} B), flush/100, signed checkpoint/1000`, fmt(us), "≤ 5 µs"]);
}

{
  const w = RecorderWriter.open({ dir: join(dir, "rec-cp"), signingKey, checkpointInterval: 1_000_000, fsync: "never" });
  const us = perCall(1, 200, () => {
    w.append("decision", allowRecord);
    w.checkpoint("bench");
  });
  w.close();
  rows.push(["append + signed checkpoint (Ed25519 sign + flush)", fmt(us), "only at checkpoints"]);
}

{
  const metrics = createMetrics();
  const w = RecorderWriter.open({ dir: join(dir, "rec-pipe"), signingKey, fsync: "never", metrics });
  const sink = (name: string) => filteredEmitter(name, "info", new DeliveryQueue<AuditRecord>({ name, capacity: 1_000_000, timeoutMs: 1000, metrics }, async () => ({ ok: true })), metrics);
  const pipeline = new EvidencePipeline({ metrics, redactor: new Redactor(() => built.build.policy), recorder: w, emitters: [sink("webhook"), sink("syslog"), sink("otlp")] });
  const emitUs = perCall(100, 200, () => pipeline.emit(denyEvent), () => pipeline.drain());
  // emit alone, without the drain in the timed region
  const samples: number[] = [];
  for (let b = 0; b < 200; b++) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) pipeline.emit(denyEvent);
    samples.push(((performance.now() - t0) * 1000) / 100);
    pipeline.drain();
  }
  rows.push(["EvidencePipeline.emit (door's cost: queue hand-off)", fmt(median(samples)), "≈ 0 (hand-off only)"]);
  rows.push(["emit + drain (redact, metrics, recorder, 3 emitter offers)", fmt(emitUs), "off the request path"]);
  const t0 = performance.now();
  const text = metrics.registry.render();
  rows.push([`metrics render (${text.split("\n").length} lines)`, fmt((performance.now() - t0) * 1000), ""]);
  await pipeline.close(0);
}

{
  const w = RecorderWriter.open({ dir: join(dir, "rec-verify"), signingKey, fsync: "never" });
  for (let i = 0; i < 100_000; i++) w.append("decision", i % 10 === 0 ? denyRecord : allowRecord);
  w.close();
  const t0 = performance.now();
  const [r] = verifyDir(join(dir, "rec-verify"), { publicKey: signingKey.publicKey });
  const ms = performance.now() - t0;
  rows.push([`recorder verify (${r!.entries} entries, ${r!.checkpoints} signed checkpoints)`, `${Math.round(r!.entries / (ms / 1000)).toLocaleString("en")} entries/s`, ""]);
}

rmSync(dir, { recursive: true, force: true });
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
