/**
 * @module `bun run eval [--corpora DIR] [--gate] [--misses N] [--json] [--exclusions FILE]`: detection and
 * false-positive rates of the built-in policy (embedded default config, offline: no DNS) on the
 * labelled corpora, per file and per subcategory, with the ids of missed attacks and flagged benign
 * cases. Cases listed in test/eval-exclusions.json (wrong or out-of-scope upstream labels) do not
 * count toward any rate; they are reported per file with their reason. For secrets.jsonl, recall is
 * also given for the cases whose upstream rule categories include `secret`, and for the cases that
 * carry no categories. `--gate` fails when a rate is worse than the floors in test/eval-floors.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config/index.ts";
import { callsFromJsonRpc, decide, scan, scanCallSequence } from "../src/engine/index.ts";
import { buildPolicy } from "../src/policy/index.ts";
import { CORPUS_FILES, subjectsFor, type CorpusCase } from "./eval/subjects.ts";
import { checkFloors, type Floors } from "./eval/floors.ts";
import { exclusionLookup, loadExclusions } from "./eval/exclusions.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    corpora: { type: "string" },
    gate: { type: "boolean" },
    misses: { type: "string" },
    json: { type: "boolean" },
    exclusions: { type: "string" },
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
const cfg = loadConfig();
if (!cfg.ok) throw new Error("embedded config does not load");
const built = buildPolicy(cfg.loaded);
if (!built.ok) throw new Error(`policy does not build: ${built.issues.map((i) => i.message).join("; ")}`);
const policy = built.build.policy;

interface Tally { attack: number; caught: number; benign: number; flagged: number; missed: string[]; falsePositives: string[] }
interface Excluded { id: string; label: string; reason: string }
type Report = Record<string, { total: Tally; sub: Record<string, Tally>; excluded: Excluded[]; byCategory?: Record<string, Tally> }>;
const newTally = (): Tally => ({ attack: 0, caught: 0, benign: 0, flagged: 0, missed: [], falsePositives: [] });
/** secrets.jsonl: upstream rules with a `secret` category, and lines without categories. */
const categoryGroup = (c: CorpusCase): string | undefined => {
  const cats = (c as CorpusCase & { rule_categories?: unknown }).rule_categories;
  if (!Array.isArray(cats)) return "rule_categories absent";
  return cats.includes("secret") ? "rule_categories ∋ secret" : undefined;
};
const report: Report = {};

for (const { file, view, label } of CORPUS_FILES) {
  const path = join(corpora, file);
  if (!existsSync(path)) continue;
  const name = label ?? file;
  const entry: Report[string] = { total: newTally(), sub: {}, excluded: [] };
  if (file === "secrets.jsonl") entry.byCategory = {};
  report[name] = entry;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as CorpusCase;
    const reason = excludedReason(file, view, c.id);
    if (reason !== undefined) {
      entry.excluded.push({ id: c.id, label: c.label, reason });
      continue;
    }
    let flagged = false;
    for (const subject of subjectsFor(c, view)) {
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
    const sub = (entry.sub[c.subcategory ?? c.category] ??= newTally());
    const group = entry.byCategory ? categoryGroup(c) : undefined;
    const tallies = group !== undefined && entry.byCategory ? [entry.total, sub, (entry.byCategory[group] ??= newTally())] : [entry.total, sub];
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
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const [name, { total, sub, excluded, byCategory }] of Object.entries(report)) {
    console.log(`\n${name}: detection ${pct(total.caught, total.attack)} (${total.caught}/${total.attack})   false positives ${pct(total.flagged, total.benign)} (${total.flagged}/${total.benign})   excluded ${excluded.length}`);
    for (const [group, t] of Object.entries(byCategory ?? {})) {
      console.log(`  recall, ${group}: ${pct(t.caught, t.attack)} (${t.caught}/${t.attack})   false positives ${pct(t.flagged, t.benign)} (${t.flagged}/${t.benign})`);
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
}

if (values.gate) {
  const floors = JSON.parse(readFileSync(join(import.meta.dir, "../test/eval-floors.json"), "utf8")) as Floors;
  const failures = checkFloors(report, floors);
  for (const f of failures) console.error(`eval gate: ${f}`);
  console.log(failures.length === 0 ? "eval gate: all floors met" : `eval gate: ${failures.length} floor(s) missed`);
  process.exit(failures.length === 0 ? 0 : 1);
}
