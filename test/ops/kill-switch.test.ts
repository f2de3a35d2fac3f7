import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMetrics, type OpsEvent } from "../../src/evidence/index.ts";
import { KillSwitch, type KillSwitchSettings } from "../../src/ops/index.ts";

const base: KillSwitchSettings = { enabled: false, message: "Emergency deny-all active", allowlistIps: ["10.0.0.9"], healthExempt: true, metricsExempt: true };

function make(settings: Partial<KillSwitchSettings> = {}) {
  const events: OpsEvent[] = [];
  const metrics = createMetrics();
  const ks = new KillSwitch({ ...base, ...settings }, { metrics, record: (e) => events.push(e) });
  return { ks, events, metrics };
}

describe("kill switch", () => {
  test("inactive by default", () => {
    const { ks } = make();
    expect(ks.active()).toBe(false);
    expect(ks.reason()).toBeUndefined();
  });

  test("config source: enabled from startup", () => {
    const { ks, metrics } = make({ enabled: true });
    expect(ks.active()).toBe(true);
    expect(ks.reason()).toBe("Emergency deny-all active (kill switch: config)");
    expect(metrics.killSwitchActive.value(["config"])).toBe(1);
    expect(metrics.killSwitchEngaged.value()).toBe(1);
  });

  test("signal source toggles", () => {
    const { ks, events } = make();
    ks.toggleSignal();
    expect(ks.active()).toBe(true);
    ks.toggleSignal();
    expect(ks.active()).toBe(false);
    expect(events.map((e) => [e.outcome, e.severity])).toEqual([["activated", "critical"], ["deactivated", "info"]]);
  });

  test("sentinel source: active while the file exists", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipelock-ks-"));
    const path = join(dir, "STOP");
    const { ks } = make({ sentinelFile: path });
    expect(ks.active()).toBe(false);
    writeFileSync(path, "");
    ks.checkSentinel();
    expect(ks.active()).toBe(true);
    expect(ks.status().sources.sentinel).toBe(true);
    rmSync(path);
    ks.checkSentinel();
    expect(ks.active()).toBe(false);
  });

  test("a sentinel path that cannot be checked counts as active (fail closed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pipelock-ks-"));
    writeFileSync(join(dir, "file"), "");
    const { ks } = make({ sentinelFile: join(dir, "file", "below-a-file") }); // ENOTDIR
    expect(ks.active()).toBe(true);
  });

  test("API source, and sources OR together", () => {
    const { ks } = make();
    ks.setApi(true, "admin API");
    ks.toggleSignal();
    expect(ks.status()).toMatchObject({ active: true, sources: { config: false, signal: true, sentinel: false, api: true }, api: { by: "admin API" } });
    ks.setApi(false, "admin API");
    expect(ks.active()).toBe(true); // the signal source is still on
    ks.toggleSignal();
    expect(ks.active()).toBe(false);
  });

  test("a reload updates config and sentinel but keeps signal and API states", () => {
    const { ks } = make({ enabled: true });
    ks.setApi(true, "admin API");
    ks.update({ ...base, enabled: false });
    expect(ks.status().sources).toEqual({ config: false, signal: false, sentinel: false, api: true });
    ks.setApi(false, "x");
    expect(ks.active()).toBe(false);
  });

  test("allowlisted client addresses are exempt", () => {
    const { ks } = make();
    expect(ks.exempt("10.0.0.9")).toBe(true);
    expect(ks.exempt("10.0.0.8")).toBe(false);
    expect(ks.exempt(undefined)).toBe(false);
  });

  test("only real changes are recorded", () => {
    const { ks, events } = make();
    ks.setApi(false, "x");
    ks.checkSentinel();
    expect(events).toEqual([]);
  });
});
