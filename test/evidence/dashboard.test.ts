import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROMTOOL } from "./_exposition.ts";
import { createMetrics } from "../../src/evidence/index.ts";

const dashboard = JSON.parse(readFileSync(join(import.meta.dir, "../../docs/grafana-dashboard.json"), "utf8"));
const exprs: string[] = [
  ...dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) => (p.targets ?? []).map((t) => t.expr)),
  ...dashboard.annotations.list.map((a: { expr: string }) => a.expr),
];

describe("docs/grafana-dashboard.json", () => {
  test("every metric it queries exists (a renamed family fails here)", () => {
    const families = new Set(createMetrics().registry.names());
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\bpipelock_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ""))));
    expect(used.size).toBeGreaterThanOrEqual(30);
    expect([...used].filter((n) => !families.has(n))).toEqual([]);
  });

  test("panel ids are unique and every panel has a data source", () => {
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) if (p.type !== "row") expect(p.datasource).toEqual({ type: "prometheus", uid: "${DS_PROMETHEUS}" });
  });

  test("every query is valid PromQL (promtool check rules; required)", () => {
    const rules = exprs.map((e, i) => `      - record: pipelock:dashboard_query_${i}\n        expr: ${JSON.stringify(e.replaceAll("$__rate_interval", "5m").replaceAll("$instance", ".*"))}`);
    const file = join(mkdtempSync(join(tmpdir(), "pipelock-dash-")), "rules.yml");
    writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join("\n")}\n`);
    const r = spawnSync(PROMTOOL, ["check", "rules", file], { encoding: "utf8" });
    if (r.error) throw new Error(`${PROMTOOL} is missing: install Debian's "prometheus" package`);
    expect(`${r.stdout}${r.stderr}`).toContain(`SUCCESS: ${exprs.length} rules found`);
    expect(r.status).toBe(0);
  });
});
