/**
 * @module `bun run bench`: engine timings as medians, each next to a baseline measured in the same
 * run on the same machine (so the ratio is what to compare across machines):
 * - URL scan of the reference's complex URL vs. `new URL()` of it; a blocklist hit;
 * - clean-text DLP throughput (MB/s, all rules) vs. `String.prototype.toLowerCase` over the text;
 * - 10 KB clean response injection scan vs. the same lower-casing;
 * - adversarial 1 MB inputs for every rule set (linear-time check);
 * - cold start of `dist/pipelock check` vs. spawning `/bin/true`.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadConfig } from "../src/config/index.ts";
import { scan, type Subject } from "../src/engine/index.ts";
import { scanTextDlp } from "../src/engine/scanners/dlp/index.ts";
import { buildPolicy } from "../src/policy/index.ts";

const cfg = loadConfig();
if (!cfg.ok) throw new Error("embedded config does not load");
const built = buildPolicy(cfg.loaded);
if (!built.ok) throw new Error("policy does not build");
const policy = built.build.policy;

/**
 * Warm-up of the microsecond benchmarks before timing: at least this long (and one batch), so the
 * JIT has tiered up and the numbers are the steady state of a long-running proxy (a cold process is
 * the cold-start row). Millisecond-scale runs (one call per batch) warm up with one batch.
 */
const WARM_UP_MS = 300;

/** Median per-op time (µs) over `batches` batches of `perBatch` calls. */
async function medianMicros(perBatch: number, batches: number, fn: () => unknown): Promise<number> {
  const warmUntil = performance.now() + (perBatch > 1 ? WARM_UP_MS : 0);
  do for (let i = 0; i < perBatch; i++) await fn();
  while (performance.now() < warmUntil);
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(((performance.now() - t0) * 1000) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const rows: string[][] = [["benchmark", "median", "baseline", "ratio", "target"]];
const fmt = (n: number, unit: string) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ${unit}`;
const add = (name: string, value: string, baseline: string, ratio: string, target: string) => rows.push([name, value, baseline, ratio, target]);

// 1. URL scan (reference bench input), offline.
const complexUrl = "https://api.example.com:8443/v2/search?q=golang+testing&page=3&limit=50";
const urlSubject: Subject = { kind: "url", url: complexUrl };
const urlScan = await medianMicros(200, 25, () => scan(policy, urlSubject));
const urlBase = await medianMicros(2000, 25, () => new URL(complexUrl));
add("URL scan (complex URL)", fmt(urlScan, "µs"), fmt(urlBase, "µs new URL()"), `${(urlScan / urlBase).toFixed(1)}x`, "≤ 15 µs");

const blockSubject: Subject = { kind: "url", url: "https://pastebin.com/raw/abc123" };
const blockScan = await medianMicros(200, 25, () => scan(policy, blockSubject));
add("URL scan (blocklist hit)", fmt(blockScan, "µs"), fmt(urlBase, "µs new URL()"), `${(blockScan / urlBase).toFixed(1)}x`, "≤ 3 µs");

// 2. Clean-text DLP throughput over ~1 MB of prose.
const sentence = "The quick brown fox jumps over the lazy dog. This is normal web content. ";
const oneMb = sentence.repeat(Math.ceil(1_000_000 / sentence.length));
const dlpSubject: Subject = { kind: "text", text: oneMb };
const dlpMicros = await medianMicros(1, 15, () => scanTextDlp(policy.dlp, oneMb, { location: "text" }));
const textMicros = await medianMicros(1, 15, () => scan(policy, dlpSubject));
const cryptoMicros = await medianMicros(1, 15, () => policy.crypto.scan(oneMb, { location: "text" }));
const lowerMicros = await medianMicros(1, 15, () => oneMb.toLowerCase());
const mbps = (us: number) => oneMb.length / 1e6 / (us / 1e6);
add("text DLP (all rules + decoders), clean 1 MB", `${mbps(dlpMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(dlpMicros / lowerMicros).toFixed(1)}x`, "≥ 150 MB/s");
add("crypto scan (seeds, keys), clean 1 MB", `${mbps(cryptoMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(cryptoMicros / lowerMicros).toFixed(1)}x`, "-");
add("text subject scan() (DLP + crypto), clean 1 MB", `${mbps(textMicros).toFixed(0)} MB/s`, `${mbps(lowerMicros).toFixed(0)} MB/s toLowerCase`, `${(textMicros / lowerMicros).toFixed(1)}x`, "-");

// Seed phrases: 1,000 dictionary words (the reference's long-text input).
const seedWords = ["abandon", "ability", "able", "about", "above", "absent", "absorb", "abstract", "absurd", "abuse"];
const thousandWords = Array.from({ length: 1000 }, (_, i) => seedWords[i % seedWords.length]).join(" ");
const seedMicros = await medianMicros(20, 25, () => policy.crypto.scan(thousandWords, { location: "text" }));
add("seed-phrase scan, 1,000 words", fmt(seedMicros, "µs"), fmt(lowerMicros / 1000, "µs toLowerCase 1 KB"), "-", "≤ 500 µs");

// A typical tools/call argument scan.
const toolCall: Subject = { kind: "tool_call", toolName: "write_file", arguments: { path: "src/app.ts", content: "export const answer = 42;\n" } };
const toolMicros = await medianMicros(100, 25, () => scan(policy, toolCall));
add("tools/call argument scan", fmt(toolMicros, "µs"), fmt(urlBase, "µs new URL()"), `${(toolMicros / urlBase).toFixed(0)}x`, "≤ 30 µs");

// 3. 10 KB clean response, injection scan.
const tenKb = sentence.repeat(140);
const contentSubject: Subject = { kind: "content", content: tenKb };
const injMicros = await medianMicros(20, 25, () => scan(policy, contentSubject));
const tenKbLower = await medianMicros(200, 25, () => tenKb.toLowerCase());
add("injection scan, clean 10 KB", fmt(injMicros, "µs"), fmt(tenKbLower, "µs toLowerCase"), `${(injMicros / tenKbLower).toFixed(1)}x`, "(reference ~8 ms)");

// 4. Adversarial 1 MB inputs: keyword-dense text must stay linear.
const adversarial: Array<[string, Subject]> = [
  ["1 MB of 'password=' repeats", { kind: "text", text: "password=".repeat(110_000) }],
  ["1 MB of digit runs", { kind: "text", text: "4111 1111 1111 1112 ".repeat(50_000) }],
  ["1 MB of 'ignore previous'", { kind: "content", content: "ignore previous ".repeat(65_000) }],
];
for (const [name, subject] of adversarial) {
  const ms = (await medianMicros(1, 3, () => scan(policy, subject))) / 1000;
  add(`adversarial: ${name}`, fmt(ms, "ms"), fmt(dlpMicros / 1000, "ms clean 1 MB"), `${(ms / (dlpMicros / 1000)).toFixed(1)}x`, "linear");
}

// 4b. Every rule on its own worst case: its first match example repeated (dense, real candidates),
// at 64 KiB and 256 KiB. Linear time means the time ratio stays near 4.
const perRule: { id: string; msPerMb: number; ratio: number }[] = [];
for (const pack of built.build.packs) {
  for (const spec of pack.spec.rules) {
    const rule = policy.rules.find((r) => r.id === spec.id);
    if (!rule || !rule.hasPattern) continue;
    const unit = `${spec.examples.match[0]} `;
    const make = (n: number) => unit.repeat(Math.ceil(n / unit.length));
    const small = make(64 * 1024);
    const large = make(256 * 1024);
    const subject = (text: string): Subject =>
      rule.kind === "injection" ? { kind: "content", content: text } : rule.kind === "tool_policy" ? { kind: "tool_call", toolName: "bash", arguments: { command: text } } : rule.kind === "tool_description" ? { kind: "tool_description", tool: { name: "t", description: text } } : rule.kind === "url" ? { kind: "text", text } : { kind: "text", text };
    const tSmall = await medianMicros(1, 3, () => scan(policy, subject(small), { deadlineMs: 60_000 }));
    const tLarge = await medianMicros(1, 3, () => scan(policy, subject(large), { deadlineMs: 60_000 }));
    perRule.push({ id: spec.id, msPerMb: tLarge / 1000 / (large.length / 1e6), ratio: tLarge / tSmall });
  }
}
perRule.sort((a, b) => b.msPerMb - a.msPerMb);
const worstRatio = Math.max(...perRule.map((r) => r.ratio));
for (const r of perRule.slice(0, 5)) add(`worst case: ${r.id}`, `${r.msPerMb.toFixed(0)} ms/MB`, fmt(dlpMicros / 1000, "ms clean 1 MB"), `${(r.msPerMb / (dlpMicros / 1000)).toFixed(0)}x`, "linear");
add(`per-rule worst cases (${perRule.length} rules)`, `max 256K/64K time ratio ${worstRatio.toFixed(1)}`, "4.0 = linear", "-", "≤ ~5");

// 5. Cold start of the compiled binary.
const binary = join(import.meta.dir, "../dist/pipelock");
if (existsSync(binary)) {
  const runs = (cmd: string, args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      spawnSync(cmd, args, { stdio: "ignore" });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const cold = runs(binary, ["check", "--offline", "--url", "https://example.com/docs"]);
  const trueMs = runs("/bin/true", []);
  add("binary cold start: check --url", fmt(cold, "ms"), fmt(trueMs, "ms /bin/true"), `${(cold / trueMs).toFixed(0)}x`, "≤ 60 ms");
} else {
  add("binary cold start", "skipped", "dist/pipelock missing (bun run build)", "-", "≤ 60 ms");
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
