import { describe, expect, test } from "bun:test";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import { createMetrics, type OpsEvent } from "../../src/evidence/index.ts";
import { ReloadController } from "../../src/ops/index.ts";
import { buildPolicy, type PolicyBuild } from "../../src/policy/index.ts";
import { until as untilWithin } from "../helpers/until.ts";
const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 5000) => untilWithin(cond, what, ms, 10);

const GOOD = "mode: balanced\nsuppress: []\n";

function setup(initial = GOOD, allowWeakening = false) {
  const dir = mkdtempSync(join(tmpdir(), "pipelock-reload-"));
  const path = join(dir, "pipelock.yaml");
  writeFileSync(path, initial);
  const cfg = loadConfig(path);
  if (!cfg.ok) throw new Error("initial config");
  const built = buildPolicy(cfg.loaded);
  if (!built.ok) throw new Error("initial build");
  let current: PolicyBuild = built.build;
  const swaps: PolicyBuild[] = [];
  const events: OpsEvent[] = [];
  const logs: string[] = [];
  const metrics = createMetrics();
  const rc = new ReloadController({
    configPath: path,
    current: () => current,
    swap: (next) => {
      current = next;
      swaps.push(next);
    },
    allowWeakening,
    metrics,
    record: (e) => events.push(e),
    log: (l) => logs.push(l),
  });
  return { dir, path, rc, swaps, events, logs, metrics, current: () => current };
}

describe("reload controller", () => {
  test("a valid change is swapped in, recorded and counted", () => {
    const s = setup();
    const before = s.current();
    writeFileSync(s.path, `${GOOD}dlp:\n  patterns:\n    - name: ticket\n      regex: 'TKT-[0-9]{8}'\n`);
    const r = s.rc.reload("signal");
    expect(r.outcome).toBe("applied");
    expect(s.current().policy.rules.length).toBe(before.policy.rules.length + 1);
    expect(s.swaps.length).toBe(1);
    expect(s.current()).not.toBe(before);
    expect(s.events.at(-1)).toMatchObject({ kind: "config_reload", outcome: "applied", severity: "info", detail: { trigger: "signal" } });
    expect(s.metrics.reloads.value(["signal", "applied"])).toBe(1);
    expect(s.metrics.lastReloadSuccess.value()).toBe(1);
  });

  test.each([
    ["a YAML error", "mode: [unclosed\n", /pipelock\.yaml:\d+/],
    ["a schema error", "mode: turbo\n", /mode/],
    ["an unknown key", "modee: strict\n", /modee/],
    ["a bad rule regex", "dlp:\n  patterns:\n    - name: x\n      regex: '(a'\n", /dlp\.patterns\[0\]|missing|paren/i],
  ])("%s keeps the running policy and says why", (_n, text, why) => {
    const s = setup();
    const before = s.current();
    writeFileSync(s.path, text);
    const r = s.rc.reload("signal");
    expect(r.outcome).toBe("invalid");
    expect(r.message).toMatch(why);
    expect(s.current()).toBe(before);
    expect(s.swaps).toEqual([]);
    expect(s.events.at(-1)).toMatchObject({ outcome: "invalid", severity: "warn" });
    expect(s.metrics.lastReloadSuccess.value()).toBe(0);
    expect(s.logs.join("\n")).toMatch(/keeping the running policy/);
  });

  test("a deleted config file keeps the running policy", () => {
    const s = setup();
    renameSync(s.path, `${s.path}.gone`);
    expect(s.rc.reload("signal").outcome).toBe("invalid");
  });

  test("a weakening reload is refused, listing what weakens", () => {
    const s = setup();
    const before = s.current();
    writeFileSync(s.path, "mode: audit\nsuppress:\n  - rule: dlp.aws_access_key_id\n");
    const r = s.rc.reload("watch");
    expect(r.outcome).toBe("refused_weakening");
    expect(r.weakenings.map((w) => w.kind).sort()).toEqual(["mode_lowered", "suppressions_added"]);
    expect(r.message).toMatch(/reload\.allow_weakening/);
    expect(s.current()).toBe(before);
    expect(s.metrics.reloadWeakenings.value(["mode_lowered", "false"])).toBe(1);
    expect(s.events.at(-1)).toMatchObject({ outcome: "refused_weakening", detail: { weakenings: [{ kind: "mode_lowered" }, { kind: "suppressions_added" }] } });
  });

  test("reload.allow_weakening in the new config lets it through (recorded as such)", () => {
    const s = setup();
    writeFileSync(s.path, "mode: audit\nreload:\n  allow_weakening: true\n");
    const r = s.rc.reload("signal");
    expect(r.outcome).toBe("applied_weakening");
    expect(s.swaps.length).toBe(1);
    expect(s.metrics.reloadWeakenings.value(["mode_lowered", "true"])).toBe(1);
  });

  test("--allow-weakening lets it through too", () => {
    const s = setup(GOOD, true);
    writeFileSync(s.path, "mode: audit\n");
    expect(s.rc.reload("signal").outcome).toBe("applied_weakening");
  });

  test("an unchanged config is not swapped", () => {
    const s = setup();
    expect(s.rc.reload("signal").outcome).toBe("unchanged");
    expect(s.swaps).toEqual([]);
  });

  test("restart-only changes are applied where possible and named", () => {
    const s = setup();
    writeFileSync(s.path, `${GOOD}metrics_listen: 127.0.0.1:9464\n`);
    const r = s.rc.reload("signal");
    expect(r.outcome).toBe("applied");
    expect(r.restartRequired).toEqual(["metrics_listen"]);
    expect(r.message).toMatch(/needs a restart to take effect: metrics_listen/);
  });

  test("a config-file change is picked up by the watcher (debounced), including replace-by-rename", async () => {
    const s = setup();
    s.rc.watch(30);
    try {
      writeFileSync(`${s.path}.tmp`, `${GOOD}explain_blocks: true\nfetch_proxy:\n  user_agent: changed/1\n`);
      renameSync(`${s.path}.tmp`, s.path); // how editors save
      await until(() => s.swaps.length === 1, "the watched reload");
      expect(s.current().config.config.fetch_proxy.user_agent).toBe("changed/1");
      expect(s.metrics.reloads.value(["watch", "applied"])).toBe(1);
    } finally {
      s.rc.unwatch();
    }
  });
});
