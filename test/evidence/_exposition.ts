/**
 * @module A strict checker for the Prometheus text format 0.0.4 (ecosystem §4.1), used next to
 * `promtool check metrics`: grammar of every line, HELP/TYPE before samples, sample names belonging
 * to their family, counters ending in _total, label escaping, no duplicate series, histogram
 * buckets cumulative with +Inf equal to _count, trailing newline. Returns a list of problems.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABELS = `\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*")*)?\\}`;
const VALUE = "(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|NaN|[+-]Inf)";
const SAMPLE = new RegExp(`^(${NAME})(${LABELS})? (${VALUE})$`);

export interface Family {
  type: string;
  help: string;
  samples: { name: string; labels: string; value: number }[];
}

export function checkExposition(text: string): { problems: string[]; families: Map<string, Family> } {
  const problems: string[] = [];
  const families = new Map<string, Family>();
  if (!text.endsWith("\n")) problems.push("does not end with a newline");
  let current: string | undefined;
  const seen = new Set<string>();
  for (const [i, line] of text.split("\n").slice(0, -1).entries()) {
    const at = `line ${i + 1}`;
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line))) {
      if (families.has(m[1]!)) problems.push(`${at}: HELP for ${m[1]} repeated`);
      families.set(m[1]!, { type: "", help: m[2]!, samples: [] });
      current = m[1];
    } else if ((m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line))) {
      const f = families.get(m[1]!);
      if (!f || current !== m[1]) problems.push(`${at}: TYPE ${m[1]} without its HELP right before`);
      else f.type = m[2]!;
    } else if ((m = SAMPLE.exec(line))) {
      const f = current ? families.get(current) : undefined;
      if (!f || !current) {
        problems.push(`${at}: sample before any TYPE`);
        continue;
      }
      const name = m[1]!;
      const okName = f.type === "histogram" ? [`${current}_bucket`, `${current}_sum`, `${current}_count`].includes(name) : name === current;
      if (!okName) problems.push(`${at}: sample ${name} does not belong to family ${current}`);
      const key = `${name}${m[2] ?? ""}`;
      if (seen.has(key)) problems.push(`${at}: duplicate series ${key}`);
      seen.add(key);
      const v = m[3]!;
      f.samples.push({ name, labels: m[2] ?? "", value: v === "+Inf" ? Infinity : v === "-Inf" ? -Infinity : Number(v) });
    } else problems.push(`${at}: not a valid exposition line: ${JSON.stringify(line.slice(0, 120))}`);
  }
  for (const [name, f] of families) {
    if (!f.type) problems.push(`${name}: no TYPE`);
    if (!name.startsWith("pipelock_")) problems.push(`${name}: not prefixed pipelock_`);
    if (f.type === "counter" && !name.endsWith("_total")) problems.push(`${name}: counter without _total`);
    if (f.type !== "counter" && name.endsWith("_total")) problems.push(`${name}: ${f.type} named _total`);
    if (f.type === "histogram") problems.push(...checkHistogram(name, f));
  }
  return { problems, families };
}

function checkHistogram(name: string, f: Family): string[] {
  const out: string[] = [];
  const bySeries = new Map<string, { le: number; v: number }[]>();
  const counts = new Map<string, number>();
  for (const s of f.samples) {
    const base = s.labels.replace(/,?le="[^"]*"/, "").replace("{,", "{").replace(/^\{\}$/, "");
    if (s.name.endsWith("_bucket")) {
      const le = /le="([^"]*)"/.exec(s.labels)?.[1];
      if (le === undefined) out.push(`${name}: bucket without le`);
      else bySeries.set(base, [...(bySeries.get(base) ?? []), { le: le === "+Inf" ? Infinity : Number(le), v: s.value }]);
    } else if (s.name.endsWith("_count")) counts.set(base, s.value);
  }
  for (const [base, buckets] of bySeries) {
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i]!.le <= buckets[i - 1]!.le) out.push(`${name}${base}: le not increasing`);
      if (buckets[i]!.v < buckets[i - 1]!.v) out.push(`${name}${base}: buckets not cumulative`);
    }
    const inf = buckets.at(-1);
    if (!inf || inf.le !== Infinity) out.push(`${name}${base}: no +Inf bucket`);
    else if (counts.get(base) !== inf.v) out.push(`${name}${base}: +Inf bucket ${inf.v} != _count ${counts.get(base)}`);
  }
  return out;
}

export const PROMTOOL = "/usr/bin/promtool";

/** `promtool check metrics` on `text`. Throws (failing the test) when promtool is not installed. */
export function promtoolCheck(text: string): { status: number; output: string } {
  if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} is missing: install Debian's "prometheus" package (apt-get install prometheus) to run the exposition test`);
  const r = spawnSync(PROMTOOL, ["check", "metrics"], { input: text, encoding: "utf8" });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}
