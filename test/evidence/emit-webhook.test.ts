import { afterEach, describe, expect, test } from "bun:test";
import { createMetrics, createWebhookEmitter, toAuditRecord, webhookBody } from "../../src/evidence/index.ts";
import { ALLOW_EVENT, DENY_EVENT } from "./_fixtures.ts";
import { until as untilWithin } from "../helpers/until.ts";
const until = (cond: () => boolean | Promise<boolean>, what: string, ms = 5000) => untilWithin(cond, what, ms, 5);

let servers: { stop(force?: boolean): unknown }[] = [];
afterEach(() => {
  for (const s of servers) s.stop(true);
  servers = [];
});

function receiver(handler: (req: Request) => Response | Promise<Response>) {
  const got: { body: unknown; auth: string | null }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const text = await req.text();
      got.push({ body: JSON.parse(text), auth: req.headers.get("authorization") });
      return handler(req);
    },
  });
  servers.push(server);
  return { url: `http://127.0.0.1:${server.port}/hook`, got };
}

const deny = toAuditRecord(DENY_EVENT);
const allow = toAuditRecord(ALLOW_EVENT);

describe("webhook emitter", () => {
  test("POSTs the reference payload with the bearer token; filters below min_severity", async () => {
    const rx = receiver(() => new Response("ok"));
    const m = createMetrics();
    const e = createWebhookEmitter({ url: rx.url, authToken: "tok-123", minSeverity: "warn", timeoutMs: 2000, queueSize: 8, maxRetries: 0, instance: "test-1" }, m);
    e.offer(allow);
    e.offer(deny);
    await until(() => rx.got.length === 1, "one delivery");
    expect(rx.got[0]!.auth).toBe("Bearer tok-123");
    expect(rx.got[0]!.body).toMatchObject({ severity: "critical", type: "blocked", timestamp: DENY_EVENT.ts, pipelock_instance: "test-1", fields: { rule_id: "dlp.aws_access_key_id", door: "fetch" } });
    expect(m.emitterFiltered.value(["webhook"])).toBe(1);
    await until(() => m.emitterSent.value(["webhook"]) === 1, "sent counter");
    await e.close(100);
  });

  test("a receiver that hangs: offer stays instant, the queue fills, drops are counted", async () => {
    const hang = receiver(() => new Promise<Response>(() => {}));
    const m = createMetrics();
    const e = createWebhookEmitter({ url: hang.url, minSeverity: "info", timeoutMs: 60_000, queueSize: 4, maxRetries: 0, instance: "x" }, m);
    for (let i = 0; i < 200; i++) e.offer(deny);
    // No await between offers: all 200 were handed off synchronously; the worker starts after.
    expect(e.queue.depth).toBe(4);
    expect(m.emitterDropped.value(["webhook", "queue_full"])).toBe(196);
    await until(() => hang.got.length === 1, "the hanging request to arrive");
    await e.close(50);
    // 1 in flight (aborted → failed) + 3 still queued (shutdown).
    expect(m.emitterDropped.value(["webhook", "shutdown"]) + m.emitterDropped.value(["webhook", "failed"])).toBe(4);
  });

  test("retries 503 with backoff, then delivers", async () => {
    let n = 0;
    const rx = receiver(() => (++n < 3 ? new Response("busy", { status: 503 }) : new Response("ok")));
    const m = createMetrics();
    const e = createWebhookEmitter({ url: rx.url, minSeverity: "info", timeoutMs: 2000, queueSize: 8, maxRetries: 3, instance: "x", baseBackoffMs: 5 }, m);
    e.offer(deny);
    await until(() => m.emitterSent.value(["webhook"]) === 1, "delivery after retries");
    expect(rx.got.length).toBe(3);
    expect(m.emitterRetries.value(["webhook"])).toBe(2);
    await e.close(10);
  });

  test("a 400 is not retried; it is dropped and counted", async () => {
    const rx = receiver(() => new Response("no", { status: 400 }));
    const m = createMetrics();
    const e = createWebhookEmitter({ url: rx.url, minSeverity: "info", timeoutMs: 2000, queueSize: 8, maxRetries: 3, instance: "x", baseBackoffMs: 5 }, m);
    e.offer(deny);
    await until(() => m.emitterDropped.value(["webhook", "failed"]) === 1, "the drop");
    expect(rx.got.length).toBe(1);
    await e.close(10);
  });

  test("a dead address (nothing listening) never throws; the event is dropped after retries", async () => {
    const m = createMetrics();
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
    const deadUrl = `http://127.0.0.1:${probe.port}/`;
    probe.stop(true);
    const e = createWebhookEmitter({ url: deadUrl, minSeverity: "info", timeoutMs: 1000, queueSize: 8, maxRetries: 1, instance: "x", baseBackoffMs: 5 }, m);
    expect(() => e.offer(deny)).not.toThrow();
    await until(() => m.emitterDropped.value(["webhook", "failed"]) === 1, "the drop");
    expect(m.emitterFailures.value(["webhook"])).toBe(2);
    await e.close(10);
  });

  test("body shape", () => {
    expect(JSON.parse(webhookBody(deny, "i"))).toEqual({ severity: "critical", type: "blocked", timestamp: deny.ts, pipelock_instance: "i", fields: JSON.parse(JSON.stringify(deny)) });
  });
});
