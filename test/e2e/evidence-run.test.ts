/**
 * End-to-end: `pipelock run` with the operations layer (src/ops) wired in — admin listener and
 * promtool on the scrape, kill switch from SIGUSR1 / sentinel file / admin API with health and
 * metrics staying up, hot reload (SIGHUP and file watch) keeping the old policy on a bad or
 * weakening config, reload under load with no failed request, and the evidence trail (recorder
 * verified by `pipelock recorder verify`, webhook, syslog and OTLP receivers on loopback).
 * PIPELOCK_E2E_BINARY runs another build of the binary (e.g. one built from a patched tree).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { createSocket } from "node:dgram";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BINARY, tempDir } from "./_binary.ts";
import { checkExposition, promtoolCheck } from "../evidence/_exposition.ts";
import { until as untilWithin } from "../helpers/until.ts";
const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 8000) => untilWithin(cond, what, ms, 20);

const BIN = process.env.PIPELOCK_E2E_BINARY ?? BINARY;
const TOKEN = "e2e-admin-token-0123456789";
const SCAN_TOKEN = "e2e-scan-token-0123456789";

let proc: ReturnType<typeof Bun.spawn> | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  proc?.kill("SIGKILL");
  await proc?.exited;
  proc = undefined;
  for (const c of cleanups.splice(0)) c();
});

interface Running {
  dir: string;
  config: string;
  proxy: string;
  admin: string;
  scanApi: string;
  stderr: () => string;
}

/** Start `pipelock run` and wait for its listeners. */
async function start(dir: string, config: string): Promise<Running> {
  const path = join(dir, "pipelock.yaml");
  writeFileSync(path, config);
  proc = Bun.spawn([BIN, "run", "--config", "pipelock.yaml"], { cwd: dir, stdout: "ignore", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir } });
  let err = "";
  void (async () => {
    for await (const chunk of proc!.stderr as ReadableStream<Uint8Array>) err += new TextDecoder().decode(chunk);
  })();
  await until(() => /Scan API on (http:\/\/\S+)/.test(err) && /health on (http:\/\/\S+)/.test(err), `pipelock run to start:\n${err}`);
  // The admin line is printed before the door listeners; its absence means run.ts is not wired.
  if (!/admin on (http:\/\/\S+)/.test(err)) throw new Error(`pipelock run started without the admin listener: src/commands/run.ts does not call startOperations (src/ops) yet:\n${err}`);
  return {
    dir,
    config: path,
    admin: /admin on (http:\/\/\S+)/.exec(err)![1]!,
    scanApi: /Scan API on (http:\/\/\S+)/.exec(err)![1]!,
    proxy: /health on (http:\/\/\S+)\/health/.exec(err)![1]!,
    stderr: () => err,
  };
}

function baseConfig(extra = ""): string {
  return `fetch_proxy:
  listen: 127.0.0.1:0
metrics_listen: 127.0.0.1:0
scan_api:
  listen: 127.0.0.1:0
  auth:
    bearer_tokens: ["${SCAN_TOKEN}"]
  rate_limit:
    requests_per_minute: 10000000
    burst: 1000000
kill_switch:
  api_token: ${TOKEN}
  sentinel_file: STOP
reload:
  debounce_ms: 50
${extra}`;
}

const scanUrl = (r: Running) =>
  fetch(r.scanApi, { method: "POST", headers: { authorization: `Bearer ${SCAN_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify({ kind: "dlp", input: { text: "hello world" } }) });
const ksStatus = async (r: Running) => (await (await fetch(`${r.admin}/admin/kill-switch`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { active: boolean; sources: Record<string, boolean> };
const metrics = async (r: Running) => (await fetch(`${r.admin}/metrics`)).text();

describe("pipelock run: operations", () => {
  test("admin listener on loopback; the scrape passes promtool with ≥ 40 families", async () => {
    const r = await start(tempDir(), baseConfig());
    expect(r.admin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await fetch(`${r.proxy}/fetch?url=${encodeURIComponent("http://127.0.0.1:1/")}`); // a deny (SSRF) through a door
    const text = await metrics(r);
    const { problems, families } = checkExposition(text);
    expect(problems).toEqual([]);
    expect(families.size).toBeGreaterThanOrEqual(40);
    expect(promtoolCheck(text)).toEqual({ status: 0, output: "" });
    await until(async () => /pipelock_requests_total\{door="fetch",decision="deny"\} [1-9]/.test(await metrics(r)), "the fetch deny to be counted");
  });

  test("kill switch: SIGUSR1 toggles, the sentinel file, the admin API; health and metrics stay up", async () => {
    const r = await start(tempDir(), baseConfig());
    expect((await scanUrl(r)).status).toBe(200);

    proc!.kill("SIGUSR1");
    await until(async () => (await ksStatus(r)).active, "SIGUSR1 to engage");
    expect((await ksStatus(r)).sources).toMatchObject({ signal: true });
    const denied = await scanUrl(r);
    expect(denied.status).toBe(503);
    expect(await denied.json()).toMatchObject({ errors: [{ code: "kill_switch_active" }] });
    expect((await fetch(`${r.admin}/health`)).status).toBe(200);
    expect((await fetch(`${r.proxy}/health`)).status).toBe(200);
    expect(await metrics(r)).toContain('pipelock_kill_switch_active{source="signal"} 1');
    proc!.kill("SIGUSR1");
    await until(async () => !(await ksStatus(r)).active, "SIGUSR1 to release");

    writeFileSync(join(r.dir, "STOP"), "");
    await until(async () => (await ksStatus(r)).sources.sentinel === true, "the sentinel file");
    expect((await scanUrl(r)).status).toBe(503);
    rmSync(join(r.dir, "STOP"));
    await until(async () => !(await ksStatus(r)).active, "the sentinel removal");

    const post = (active: boolean, token = TOKEN) => fetch(`${r.admin}/admin/kill-switch`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ active }) });
    expect((await post(true, "wrong-token-0123456789")).status).toBe(401);
    expect((await post(true)).status).toBe(200);
    expect((await scanUrl(r)).status).toBe(503);
    expect((await post(false)).status).toBe(200);
    expect((await scanUrl(r)).status).toBe(200);
  });

  test("hot reload: a bad config keeps the old policy; a weakening one is refused; a file edit reloads", async () => {
    const r = await start(tempDir(), baseConfig());
    writeFileSync(r.config, `${baseConfig()}mode: [broken\n`);
    await until(() => /the new config is invalid; keeping the running policy/.test(r.stderr()), "the invalid reload to be reported");
    expect((await scanUrl(r)).status).toBe(200);

    writeFileSync(r.config, baseConfig("mode: audit\n"));
    await until(() => /reload refused: the new config weakens protection/.test(r.stderr()), "the weakening refusal");
    expect(r.stderr()).toMatch(/mode lowered from balanced to audit/);

    writeFileSync(r.config, baseConfig("dlp:\n  patterns:\n    - name: ticket\n      regex: 'TKT-[0-9]{8}'\n"));
    await until(() => /reloaded: \d+ rules/.test(r.stderr()), "the applied reload");
    proc!.kill("SIGHUP");
    await until(async () => /pipelock_config_reloads_total\{trigger="signal",outcome="unchanged"\} 1/.test(await metrics(r)), "the SIGHUP reload to be counted");
    const text = await metrics(r);
    expect(text).toMatch(/pipelock_config_reloads_total\{trigger="watch",outcome="invalid"\} [1-9]/);
    expect(text).toMatch(/pipelock_config_reloads_total\{trigger="watch",outcome="refused_weakening"\} [1-9]/);
    expect(text).toMatch(/pipelock_config_reloads_total\{trigger="watch",outcome="applied"\} 1/);
  });

  test("reload under load: no request fails while the policy is swapped repeatedly", async () => {
    const r = await start(tempDir(), baseConfig());
    let stop = false;
    const statuses: number[] = [];
    const workers = Array.from({ length: 8 }, async () => {
      while (!stop) statuses.push((await scanUrl(r)).status);
    });
    for (let i = 0; i < 6; i++) {
      writeFileSync(r.config, baseConfig(`dlp:\n  patterns:\n    - name: ticket${i}\n      regex: 'TKT${i}-[0-9]{8}'\n`));
      proc!.kill("SIGHUP");
      await Bun.sleep(150);
    }
    stop = true;
    await Promise.all(workers);
    expect(statuses.length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect((await metrics(r)).match(/outcome="applied"\} (\d+)/g)!.length).toBeGreaterThan(0);
  });

  test("evidence: recorder verifies after shutdown; webhook, syslog and OTLP receive events", async () => {
    const dir = tempDir();
    const keygen = Bun.spawnSync([BIN, "keygen", "--out", dir]);
    expect(keygen.exitCode).toBe(0);
    const hooks: any[] = [];
    const otlp: any[] = [];
    const hook = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (req) => (hooks.push(await req.json()), new Response("ok")) });
    const coll = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (req) => (otlp.push(await req.json()), new Response("{}")) });
    const udp = createSocket("udp4");
    const syslog: string[] = [];
    udp.on("message", (m) => syslog.push(m.toString()));
    await new Promise<void>((res) => udp.bind(0, "127.0.0.1", () => res()));
    cleanups.push(() => hook.stop(true), () => coll.stop(true), () => udp.close());
    const r = await start(
      dir,
      baseConfig(`flight_recorder:
  enabled: true
  dir: evidence
  signing_key_path: pipelock-recorder.key
  checkpoint_interval: 5
emit:
  instance_id: e2e
  webhook:
    url: http://127.0.0.1:${hook.port}/hook
    min_severity: warn
  syslog:
    address: udp://127.0.0.1:${udp.address().port}
    min_severity: warn
  otlp:
    endpoint: http://127.0.0.1:${coll.port}
    min_severity: info
`),
    );
    for (let i = 0; i < 3; i++) await fetch(`${r.proxy}/fetch?url=${encodeURIComponent(`http://127.0.0.1:1/x${i}`)}`);
    await until(() => hooks.length >= 3 && syslog.length >= 3, "webhook and syslog deliveries");
    expect(hooks[0]).toMatchObject({ type: "blocked", pipelock_instance: "e2e", fields: { door: "fetch", decision: "deny" } });
    expect(syslog[0]).toMatch(/^<\d+>1 \S+ \S+ pipelock \d+ blocked \[pipelock@32473 instance="e2e" door="fetch" decision="deny"/);
    await until(() => otlp.some((b) => JSON.stringify(b).includes("pipelock.blocked")), "an OTLP export");
    proc!.kill("SIGTERM");
    expect(await proc!.exited).toBe(0);
    const v = Bun.spawnSync([BIN, "recorder", "verify", join(dir, "evidence"), "--key", join(dir, "pipelock-recorder.pub"), "--strict"]);
    const out = v.stdout.toString();
    expect(out).toMatch(/^CHAIN VALID/m);
    expect(v.exitCode).toBe(0);
    const show = Bun.spawnSync([BIN, "recorder", "show", join(dir, "evidence"), "--verdict", "deny", "--json"]);
    const denies = show.stdout.toString().trim().split("\n").map((l) => JSON.parse(l));
    expect(denies.length).toBeGreaterThanOrEqual(3);
    expect(denies[0].detail).toMatchObject({ door: "fetch", decision: "deny", event: "blocked" });
  });
});
