import { afterEach, describe, expect, test } from "bun:test";
import { createMetrics, createOtlpEmitter, logsUrl, toAuditRecord } from "../../src/evidence/index.ts";
import { ALLOW_EVENT, DENY_EVENT } from "./_fixtures.ts";
import { until as untilWithin } from "../helpers/until.ts";
const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 5000) => untilWithin(cond, what, ms, 5);

let servers: { stop(force?: boolean): unknown }[] = [];
afterEach(() => {
  for (const s of servers) s.stop(true);
  servers = [];
});

interface Got {
  path: string;
  headers: Headers;
  body: any;
}
function collector(status: () => number | [number, Record<string, string>] = () => 200) {
  const got: Got[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const raw = new Uint8Array(await req.arrayBuffer());
      const text = req.headers.get("content-encoding") === "gzip" ? new TextDecoder().decode(Bun.gunzipSync(raw)) : new TextDecoder().decode(raw);
      got.push({ path: new URL(req.url).pathname, headers: req.headers, body: JSON.parse(text) });
      const s = status();
      const [code, headers] = Array.isArray(s) ? s : [s, {}];
      return new Response(code === 200 ? "{}" : "err", { status: code, headers });
    },
  });
  servers.push(server);
  return { base: `http://127.0.0.1:${server.port}`, got };
}

const deny = toAuditRecord(DENY_EVENT);

describe("OTLP/HTTP JSON logs emitter", () => {
  test("payload shape: resourceLogs → scopeLogs → logRecords, lowerCamelCase, int64 as strings", async () => {
    const c = collector();
    const e = createOtlpEmitter({ endpoint: c.base, minSeverity: "info", headers: { "x-tenant": "t1" }, timeoutMs: 2000, queueSize: 16, gzip: false, batchSize: 10, maxRetries: 0, instance: "inst-1" }, createMetrics());
    e.offer(deny);
    e.offer(toAuditRecord(ALLOW_EVENT));
    await until(() => c.got.reduce((n, g) => n + g.body.resourceLogs[0].scopeLogs[0].logRecords.length, 0) === 2, "two log records");
    const g = c.got[0]!;
    expect(g.path).toBe("/v1/logs");
    expect(g.headers.get("content-type")).toBe("application/json");
    expect(g.headers.get("x-tenant")).toBe("t1");
    const rl = g.body.resourceLogs[0];
    expect(rl.resource.attributes).toContainEqual({ key: "service.name", value: { stringValue: "pipelock" } });
    expect(rl.resource.attributes).toContainEqual({ key: "service.instance.id", value: { stringValue: "inst-1" } });
    expect(rl.scopeLogs[0].scope.name).toBe("pipelock");
    const rec = rl.scopeLogs[0].logRecords[0];
    expect(rec.timeUnixNano).toBe(String(Date.parse(DENY_EVENT.ts) * 1_000_000));
    expect(rec.observedTimeUnixNano).toMatch(/^\d{19}$/);
    expect(rec.severityNumber).toBe(17);
    expect(rec.severityText).toBe("ERROR");
    expect(rec.eventName).toBe("pipelock.blocked");
    expect(rec.body).toEqual({ stringValue: deny.message });
    const attr = Object.fromEntries(rec.attributes.map((a: { key: string; value: unknown }) => [a.key, a.value]));
    expect(attr["pipelock.rule_id"]).toEqual({ stringValue: "dlp.aws_access_key_id" });
    expect(attr["pipelock.status"]).toEqual({ intValue: "403" });
    expect(attr["pipelock.duration_ms"]).toEqual({ doubleValue: 1.5 });
    expect(attr["pipelock.mitre"]).toEqual({ arrayValue: { values: [{ stringValue: "T1552.001" }] } });
    for (const k of Object.keys(rec)) expect(k).toMatch(/^[a-z][a-zA-Z]*$/);
    await e.close(100);
  });

  test("gzip and a full /v1/logs endpoint", async () => {
    const c = collector();
    const e = createOtlpEmitter({ endpoint: `${c.base}/v1/logs`, minSeverity: "warn", headers: {}, timeoutMs: 2000, queueSize: 16, gzip: true, batchSize: 10, maxRetries: 0, instance: "i" }, createMetrics());
    e.offer(deny);
    await until(() => c.got.length === 1, "one export");
    expect(c.got[0]!.headers.get("content-encoding")).toBe("gzip");
    expect(c.got[0]!.path).toBe("/v1/logs");
    await e.close(100);
  });

  test("429 with Retry-After is retried; a 400 batch is dropped", async () => {
    let n = 0;
    const c = collector(() => (++n === 1 ? [429, { "retry-after": "0" }] : 200));
    const m = createMetrics();
    const e = createOtlpEmitter({ endpoint: c.base, minSeverity: "info", headers: {}, timeoutMs: 2000, queueSize: 16, gzip: false, batchSize: 1, maxRetries: 2, instance: "i", baseBackoffMs: 5 }, m);
    e.offer(deny);
    await until(() => m.emitterSent.value(["otlp"]) === 1, "delivery after 429");
    expect(c.got.length).toBe(2);
    await e.close(10);

    const bad = collector(() => 400);
    const m2 = createMetrics();
    const e2 = createOtlpEmitter({ endpoint: bad.base, minSeverity: "info", headers: {}, timeoutMs: 2000, queueSize: 16, gzip: false, batchSize: 1, maxRetries: 2, instance: "i", baseBackoffMs: 5 }, m2);
    e2.offer(deny);
    await until(() => m2.emitterDropped.value(["otlp", "failed"]) === 1, "the drop");
    expect(bad.got.length).toBe(1);
    await e2.close(10);
  });

  test.each([
    ["http://c:4318", "http://c:4318/v1/logs"],
    ["http://c:4318/", "http://c:4318/v1/logs"],
    ["https://c/otlp/v1/logs", "https://c/otlp/v1/logs"],
  ])("logsUrl(%s)", (a, b) => {
    expect(logsUrl(a)).toBe(b);
  });
});
