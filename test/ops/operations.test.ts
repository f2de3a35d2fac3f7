import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LoadError, loadConfig } from "../../src/config/index.ts";
import { generateSigningKey, parsePublicKey, verifyDir } from "../../src/evidence/index.ts";
import { startOperations, tokenMatches, type Operations } from "../../src/ops/index.ts";
import { buildPolicy, type PolicyBuild } from "../../src/policy/index.ts";
import { checkExposition, promtoolCheck } from "../evidence/_exposition.ts";
import { DENY_EVENT } from "../evidence/_fixtures.ts";

const TOKEN = "admin-token-0123456789";
let running: Operations[] = [];
afterEach(async () => {
  for (const o of running.splice(0)) await o.stop();
});

function configured(extra: string, withKey = true) {
  const dir = mkdtempSync(join(tmpdir(), "pipelock-ops-"));
  const g = generateSigningKey();
  writeFileSync(join(dir, "rec.key"), g.privatePem, { mode: 0o600 });
  const path = join(dir, "pipelock.yaml");
  writeFileSync(path, `metrics_listen: 127.0.0.1:0\nflight_recorder:\n  enabled: true\n  dir: evidence\n${withKey ? "  signing_key_path: rec.key\n" : ""}reload:\n  watch: false\n${extra}`);
  const cfg = loadConfig(path);
  if (!cfg.ok) throw new Error(JSON.stringify(cfg.issues));
  const built = buildPolicy(cfg.loaded);
  if (!built.ok) throw new Error("build");
  return { dir, path, build: built.build, pub: parsePublicKey(g.publicHex)! };
}

async function start(extra = "", withKey = true) {
  const c = configured(extra, withKey);
  let current: PolicyBuild = c.build;
  const logs: string[] = [];
  const ops = await startOperations({ configPath: c.path, getBuild: () => current, onPolicySwap: (b) => (current = b), signals: false, log: (l) => logs.push(l) });
  running.push(ops);
  return { ...c, ops, logs, current: () => current };
}

const auth = { authorization: `Bearer ${TOKEN}` };

describe("startOperations", () => {
  test("admin listener: health and metrics; metrics pass promtool", async () => {
    const s = await start();
    expect(s.ops.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const h = await fetch(`${s.ops.adminUrl}/health`);
    expect(await h.json()).toMatchObject({ status: "ok", kill_switch: { active: false } });
    s.ops.sink.emit(DENY_EVENT);
    s.ops.flush();
    const res = await fetch(`${s.ops.adminUrl}/metrics`);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(checkExposition(text).problems).toEqual([]);
    expect(checkExposition(text).families.size).toBeGreaterThanOrEqual(40);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: "" });
    expect(text).toContain('pipelock_requests_total{door="fetch",decision="deny"} 1');
    expect(text).toMatch(/^pipelock_recorder_entries_total\{type="decision"\} 1$/m);
    expect((await fetch(`${s.ops.adminUrl}/nope`)).status).toBe(404);
  });

  test("kill switch over the admin API: bearer token required; health and metrics stay up", async () => {
    const s = await start(`kill_switch:\n  api_token: ${TOKEN}\n`);
    const url = `${s.ops.adminUrl}/admin/kill-switch`;
    const post = (body: unknown, headers: Record<string, string> = auth) => fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post({ active: true }, {})).status).toBe(401);
    expect((await post({ active: true }, { authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    expect((await post({ active: "yes" })).status).toBe(400);
    expect(s.ops.killSwitch.active()).toBe(false);
    const on = await post({ active: true });
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ active: true, sources: { api: true } });
    expect(s.ops.killSwitch.active()).toBe(true);
    expect(s.ops.killSwitch.reason()).toBe("Emergency deny-all active (kill switch: api)");
    expect((await fetch(`${s.ops.adminUrl}/health`)).status).toBe(200);
    const metrics = await (await fetch(`${s.ops.adminUrl}/metrics`)).text();
    expect(metrics).toContain('pipelock_kill_switch_active{source="api"} 1');
    expect(metrics).toContain("pipelock_kill_switch_engaged 1");
    const status = await fetch(`${s.ops.adminUrl}/api/v1/killswitch/status`, { headers: auth });
    expect(await status.json()).toMatchObject({ active: true });
    expect((await post({ active: false })).status).toBe(200);
    expect(s.ops.killSwitch.active()).toBe(false);
    expect(s.ops.metrics.adminAuthFailures.value()).toBe(2);
  });

  test("without a configured token the admin API answers 503", async () => {
    const prev = process.env.PIPELOCK_KILLSWITCH_API_TOKEN;
    delete process.env.PIPELOCK_KILLSWITCH_API_TOKEN;
    try {
      const s = await start();
      const r = await fetch(`${s.ops.adminUrl}/admin/kill-switch`, { method: "POST", headers: auth, body: '{"active":true}' });
      expect(r.status).toBe(503);
      expect(s.ops.killSwitch.active()).toBe(false);
    } finally {
      if (prev !== undefined) process.env.PIPELOCK_KILLSWITCH_API_TOKEN = prev;
    }
  });

  test("kill_switch.api_listen serves the API alone on its own port", async () => {
    const s = await start(`kill_switch:\n  api_token: ${TOKEN}\n  api_listen: 127.0.0.1:0\n`);
    expect(s.ops.apiUrl).toBeDefined();
    expect((await fetch(`${s.ops.apiUrl}/metrics`)).status).toBe(404);
    const r = await fetch(`${s.ops.apiUrl}/api/v1/killswitch`, { method: "POST", headers: auth, body: '{"active":true}' });
    expect(r.status).toBe(200);
    expect(s.ops.killSwitch.active()).toBe(true);
  });

  test("POST /admin/reload: a bad config keeps the running policy (409)", async () => {
    const s = await start(`kill_switch:\n  api_token: ${TOKEN}\n`);
    const before = s.current();
    writeFileSync(s.path, "mode: [broken\n");
    const r = await fetch(`${s.ops.adminUrl}/admin/reload`, { method: "POST", headers: auth });
    expect(r.status).toBe(409);
    expect(await r.json()).toMatchObject({ outcome: "invalid" });
    expect(s.current()).toBe(before);
  });

  test("a reload that turns the config kill switch on takes effect at once", async () => {
    const s = await start(`kill_switch:\n  api_token: ${TOKEN}\n`);
    writeFileSync(s.path, `${await Bun.file(s.path).text()}`.replace(`kill_switch:\n  api_token: ${TOKEN}\n`, `kill_switch:\n  api_token: ${TOKEN}\n  enabled: true\n`));
    expect(s.ops.reload("manual").outcome).toBe("applied");
    expect(s.ops.killSwitch.status().sources.config).toBe(true);
  });

  test("events reach the recorder; stop writes a signed final checkpoint that verifies", async () => {
    const s = await start();
    s.ops.sink.emit(DENY_EVENT);
    await s.ops.stop();
    const evidence = join(s.dir, "evidence");
    expect(readdirSync(evidence).some((n) => n.endsWith(".jsonl"))).toBe(true);
    const [r] = verifyDir(evidence, { publicKey: s.pub });
    expect(r!.problem).toBeUndefined();
    expect(r!.unsignedTail).toBe(0);
    expect(r!.signaturesVerified).toBe(1);
    // startup (ops), the decision, shutdown (ops), checkpoint
    expect(r!.entries).toBe(4);
  });

  test("publicHandler serves health and metrics but never the admin API", async () => {
    const s = await start(`kill_switch:\n  api_token: ${TOKEN}\n`);
    expect((await s.ops.publicHandler(new Request("http://x/metrics"))).status).toBe(200);
    expect((await s.ops.publicHandler(new Request("http://x/admin/kill-switch", { method: "POST", headers: auth, body: '{"active":true}' }))).status).toBe(404);
  });

  test("a recorder that cannot start is a located config error", async () => {
    const c = configured("");
    writeFileSync(join(c.dir, "rec.key"), "garbage", { mode: 0o600 });
    const cfg = loadConfig(c.path);
    const built = cfg.ok ? buildPolicy(cfg.loaded) : undefined;
    if (!built?.ok) throw new Error("build");
    await expect(startOperations({ configPath: c.path, getBuild: () => built.build, onPolicySwap: () => {}, signals: false, log: () => {} })).rejects.toBeInstanceOf(LoadError);
  });
});

describe("tokenMatches", () => {
  test.each([
    ["Bearer secret-token", true],
    ["bearer secret-token", true],
    ["Bearer secret-tokeN", false],
    ["Bearer secret-token-longer", false],
    ["Basic secret-token", false],
    ["", false],
  ])("%s → %s", (header, ok) => {
    expect(tokenMatches(header, "secret-token")).toBe(ok);
  });
  test("a missing header never matches, even an empty expectation", () => {
    expect(tokenMatches(null, "x")).toBe(false);
    expect(tokenMatches("Bearer ", "")).toBe(false);
  });
});
