/**
 * @module `bun run eval [--corpora DIR] [--gate] [--misses N] [--json] [--exclusions FILE] [--only TEXT]`:
 * detection and false-positive rates of the built-in policy (embedded default config, offline: no
 * DNS) on the labelled corpora, per file and per subcategory, with the ids of missed attacks and
 * flagged benign cases, and the share of verdicts right. agent-egress-bench runs with the runner
 * configuration its cases ask for (bench/eval/agent-egress-bench.yaml). Cases listed in
 * test/eval-exclusions.json (wrong or out-of-scope upstream labels) do not count toward any rate;
 * they are reported per file with their reason. Named breakdowns (bench/eval/groups.ts): secrets by
 * upstream rule category, injection by surface, per jailbreak subcategory and for AgentDojo.
 * `--only` keeps the corpora whose report name contains TEXT. `--gate` fails when a rate is worse
 * than the floors in test/eval-floors.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fromText, loadConfig, type ConfigResult } from "../src/config/index.ts";
import { callsFromJsonRpc, decide, scan, scanCallSequence, type CompiledPolicy } from "../src/engine/index.ts";
import { buildPolicy } from "../src/policy/index.ts";
import { CORPUS_FILES, doorDenial, subjectsFor, type CorpusCase } from "./eval/subjects.ts";
import { checkFloors, GROUP_SEPARATOR, type Floors } from "./eval/floors.ts";
import { exclusionLookup, loadExclusions } from "./eval/exclusions.ts";
import { groupsFor } from "./eval/groups.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    corpora: { type: "string" },
    gate: { type: "boolean" },
    misses: { type: "string" },
    json: { type: "boolean" },
    exclusions: { type: "string" },
    only: { type: "string" },
  },
});
const corpora = resolve(values.corpora ?? join(import.meta.dir, "../../shared/corpora"));
if (!existsSync(corpora)) {
  console.error(`eval: corpora directory not found: ${corpora} (pass --corpora DIR)`);
  process.exit(2);
}
const showMisses = Number(values.misses ?? 15);
const exclusions = loadExclusions(resolve(values.exclusions ?? join(import.meta.dir, "../test/eval-exclusions.json")));
const excludedReason = exclusionLookup(exclusions);

/** Runner configurations by corpus file; the rest use the embedded default. */
const RUNNER_CONFIGS: Readonly<Record<string, string>> = { "agent-egress-bench.jsonl": join(import.meta.dir, "eval/agent-egress-bench.yaml") };
const policies = new Map<string, CompiledPolicy>();
function policyFor(file: string): CompiledPolicy {
  const configPath = RUNNER_CONFIGS[file];
  const key = configPath ?? "";
  const known = policies.get(key);
  if (known) return known;
  const cfg: ConfigResult = configPath ? fromText(readFileSync(configPath, "utf8"), configPath, undefined) : loadConfig();
  if (!cfg.ok) throw new Error(`eval: config ${configPath ?? "(embedded)"} does not load: ${cfg.issues.map((i) => i.message).join("; ")}`);
  const built = buildPolicy(cfg.loaded);
  if (!built.ok) throw new Error(`policy does not build: ${built.issues.map((i) => i.message).join("; ")}`);
  policies.set(key, built.build.policy);
  return built.build.policy;
}

interface Tally { attack: number; caught: number; benign: number; flagged: number; missed: string[]; falsePositives: string[] }
interface Excluded { id: string; label: string; reason: string }
interface Entry { total: Tally; sub: Record<string, Tally>; groups: Record<string, Tally>; excluded: Excluded[] }
const newTally = (): Tally => ({ attack: 0, caught: 0, benign: 0, flagged: 0, missed: [], falsePositives: [] });
const report: Record<string, Entry> = {};

for (const { file, view, label } of CORPUS_FILES) {
  const path = join(corpora, file);
  const name = label ?? file;
  if (!existsSync(path) || (values.only !== undefined && !name.includes(values.only))) continue;
  const policy = policyFor(file);
  const entry: Entry = { total: newTally(), sub: {}, groups: {}, excluded: [] };
  report[name] = entry;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as CorpusCase;
    const reason = excludedReason(file, view, c.id);
    if (reason !== undefined) {
      entry.excluded.push({ id: c.id, label: c.label, reason });
      continue;
    }
    let flagged = doorDenial(c, view) !== undefined;
    for (const subject of flagged ? [] : subjectsFor(c, view)) {
      const verdict = await scan(policy, subject);
      if (verdict.findings.length > 0) {
        flagged = true;
        break;
      }
    }
    // A sequence of tool calls (agent-egress-bench mcp_chain) is also checked as a session.
    const messages = (c.payload?.["jsonrpc_messages"] as unknown[] | undefined) ?? [];
    if (!flagged && messages.length > 1) {
      flagged = decide(scanCallSequence(policy.chains, callsFromJsonRpc(messages)), policy.settings).findings.length > 0;
    }
    const tallies = [entry.total, (entry.sub[c.subcategory ?? c.category] ??= newTally()), ...groupsFor(file, c).map((g) => (entry.groups[g] ??= newTally()))];
    for (const t of tallies) {
      if (c.label === "attack") {
        t.attack++;
        if (flagged) t.caught++;
        else t.missed.push(c.id);
      } else {
        t.benign++;
        if (flagged) {
          t.flagged++;
          t.falsePositives.push(c.id);
        }
      }
    }
  }
  const found = new Set(entry.excluded.map((e) => e.id));
  const unknown = exclusions.filter((e) => e.file === file && (e.view === undefined || e.view === view) && !found.has(e.id));
  if (unknown.length > 0) console.error(`eval: ${unknown.length} excluded id(s) not in ${file}: ${unknown.map((e) => e.id).join(" ")}`);
}

const pct = (n: number, d: number) => (d === 0 ? "   -  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const right = (t: Tally) => `verdicts right ${pct(t.caught + t.benign - t.flagged, t.attack + t.benign)} (${t.caught + t.benign - t.flagged}/${t.attack + t.benign})`;
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const [name, { total, sub, groups, excluded }] of Object.entries(report)) {
    console.log(`\n${name}: detection ${pct(total.caught, total.attack)} (${total.caught}/${total.attack})   false positives ${pct(total.flagged, total.benign)} (${total.flagged}/${total.benign})   ${right(total)}   excluded ${excluded.length}`);
    if (name === "agent-egress-bench.jsonl") console.log(`  runner config: ${RUNNER_CONFIGS["agent-egress-bench.jsonl"]}`);
    for (const [group, t] of Object.entries(groups).sort((a, b) => a[0].localeCompare(b[0]))) {
      console.log(`  ${`${name}${GROUP_SEPARATOR}${group}`.padEnd(60)} det ${pct(t.caught, t.attack)} ${`${t.caught}/${t.attack}`.padStart(9)}   fp ${pct(t.flagged, t.benign)} ${`${t.flagged}/${t.benign}`.padStart(9)}`);
    }
    for (const [k, t] of Object.entries(sub).sort((a, b) => b[1].attack + b[1].benign - (a[1].attack + a[1].benign))) {
      console.log(`  ${k.slice(0, 44).padEnd(44)} det ${pct(t.caught, t.attack)} ${`${t.caught}/${t.attack}`.padStart(9)}   fp ${pct(t.flagged, t.benign)} ${`${t.flagged}/${t.benign}`.padStart(9)}`);
    }
    if (total.missed.length > 0) console.log(`  missed (${total.missed.length}): ${total.missed.slice(0, showMisses).join(" ")}${total.missed.length > showMisses ? " …" : ""}`);
    if (total.falsePositives.length > 0) console.log(`  false positives (${total.falsePositives.length}): ${total.falsePositives.slice(0, showMisses).join(" ")}${total.falsePositives.length > showMisses ? " …" : ""}`);
    if (excluded.length > 0) {
      const attacks = excluded.filter((e) => e.label === "attack").length;
      console.log(`  excluded (${excluded.length}: ${attacks} attack, ${excluded.length - attacks} benign; test/eval-exclusions.json):`);
      for (const e of excluded.slice(0, showMisses)) console.log(`    ${e.id} [${e.label}] ${e.reason}`);
      if (excluded.length > showMisses) console.log("    …");
    }
  }
  console.log("\nsummary (file: detection, false positives, verdicts right):");
  for (const [name, { total }] of Object.entries(report)) {
    console.log(`  ${name.padEnd(28)} det ${pct(total.caught, total.attack)}   fp ${pct(total.flagged, total.benign)}   ${right(total)}`);
  }
}

if (values.gate) {
  const floors = JSON.parse(readFileSync(join(import.meta.dir, "../test/eval-floors.json"), "utf8")) as Floors;
  const selected = Object.fromEntries(Object.entries(floors).filter(([k]) => values.only === undefined || k.includes(values.only)));
  const failures = checkFloors(report, selected);
  for (const f of failures) console.error(`eval gate: ${f}`);
  console.log(failures.length === 0 ? "eval gate: all floors met" : `eval gate: ${failures.length} floor(s) missed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
