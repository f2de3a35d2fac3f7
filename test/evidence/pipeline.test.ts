import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createMetrics, EvidencePipeline, MAX_PENDING_EVENTS, RecorderWriter, Redactor, verifyDir, type AuditRecord, type Emitter } from "../../src/evidence/index.ts";
import { policyFrom } from "../helpers/policy.ts";
import { ALLOW_EVENT, DENY_EVENT, tmp } from "./_fixtures.ts";

const FAKE_AWS = "AKIAQWERTYZ234567ABC";
const policy = policyFrom();

function capture(name = "cap"): Emitter & { got: AuditRecord[] } {
  const got: AuditRecord[] = [];
  return { name, got, queue: undefined as never, offer: (r) => void got.push(r), close: async () => {} };
}
const entriesOf = (dir: string) =>
  readFileSync(join(dir, "evidence-proxy-0.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

describe("EvidencePipeline", () => {
  test("emit only queues; the drain records, counts and fans out", async () => {
    const dir = tmp();
    const metrics = createMetrics();
    const recorder = RecorderWriter.open({ dir, metrics });
    const cap = capture();
    const p = new EvidencePipeline({ metrics, redactor: new Redactor(() => policy), recorder, emitters: [cap] });
    p.emit(DENY_EVENT);
    p.emit(ALLOW_EVENT);
    expect(cap.got.length).toBe(0);
    expect(metrics.requests.value(["fetch", "deny"])).toBe(0);
    await Bun.sleep(1); // the scheduled drain
    expect(cap.got.map((r) => r.event)).toEqual(["blocked", "allowed"]);
    expect(metrics.requests.value(["fetch", "deny"])).toBe(1);
    expect(entriesOf(dir).map((e) => e.detail.event)).toEqual(["blocked", "allowed"]);
    await p.close(10);
    expect(verifyDir(dir)[0]!.problem).toBeUndefined();
  });

  test("redaction runs only for what leaves the process: no recorder and no emitter, no redaction; still counted", () => {
    const metrics = createMetrics();
    const redactor = new Redactor(() => policy);
    let redacted = 0;
    const event = redactor.event.bind(redactor);
    redactor.event = (e) => (redacted++, event(e));
    const bare = new EvidencePipeline({ metrics, redactor });
    bare.emit(DENY_EVENT);
    bare.drain();
    expect(redacted).toBe(0);
    expect(metrics.requests.value(["fetch", "deny"])).toBe(1);
    const withEmitter = new EvidencePipeline({ metrics, redactor, emitters: [capture()] });
    withEmitter.emit(DENY_EVENT);
    withEmitter.drain();
    expect(redacted).toBe(1);
    const withRecorder = new EvidencePipeline({ metrics, redactor, recorder: RecorderWriter.open({ dir: tmp() }), recordAllowed: false });
    withRecorder.emit(ALLOW_EVENT);
    withRecorder.drain();
    expect(redacted).toBe(1); // an allow without findings is not recorded then
    withRecorder.emit(DENY_EVENT);
    withRecorder.drain();
    expect(redacted).toBe(2);
  });

  test("secrets that slipped into an event are masked before recorder and emitters", async () => {
    const dir = tmp();
    const metrics = createMetrics();
    const cap = capture();
    const p = new EvidencePipeline({ metrics, redactor: new Redactor(() => policy), recorder: RecorderWriter.open({ dir }), emitters: [cap] });
    p.emit({ ...DENY_EVENT, target: `https://h.example/x?k=${FAKE_AWS}`, failure: `upstream echoed ${FAKE_AWS}` });
    p.drain();
    await p.close(10);
    expect(readFileSync(join(dir, "evidence-proxy-0.jsonl"), "utf8")).not.toContain(FAKE_AWS);
    expect(JSON.stringify(cap.got)).not.toContain(FAKE_AWS);
    expect(metrics.recorderRedactions.value()).toBeGreaterThan(0);
  });

  test("include_allowed: false records denials and warnings only (emitters still see all)", async () => {
    const dir = tmp();
    const cap = capture();
    const p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => policy), recorder: RecorderWriter.open({ dir }), recordAllowed: false, emitters: [cap] });
    p.emit(ALLOW_EVENT);
    p.emit(DENY_EVENT);
    p.emit({ ...ALLOW_EVENT, findings: [{ ...DENY_EVENT.findings[0]!, action: "warn" }] });
    p.drain();
    expect(entriesOf(dir).map((e) => e.detail.event)).toEqual(["blocked", "warned"]);
    expect(cap.got.length).toBe(3);
    await p.close(10);
  });

  test("ops events are recorded and emitted", () => {
    const dir = tmp();
    const cap = capture();
    const p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => undefined), recorder: RecorderWriter.open({ dir }), emitters: [cap] });
    p.emitOps({ ts: "2026-09-01T00:00:00Z", kind: "config_reload", outcome: "invalid", message: "bad config", severity: "warn", detail: { trigger: "signal" } });
    p.drain();
    expect(entriesOf(dir)[0]).toMatchObject({ type: "ops", detail: { event: "config_reload", outcome: "invalid", detail: { trigger: "signal" } } });
    expect(cap.got[0]!.event).toBe("config_reload");
  });

  test("a throwing emitter neither throws into emit nor starves the others", () => {
    const good = capture("good");
    const bad: Emitter = { name: "bad", queue: undefined as never, offer: () => { throw new Error("boom"); }, close: async () => {} };
    const p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => policy), emitters: [bad, good] });
    expect(() => p.emit(DENY_EVENT)).not.toThrow();
    p.drain();
    expect(good.got.length).toBe(1);
  });

  test("past MAX_PENDING_EVENTS, emit drains synchronously instead of dropping evidence", () => {
    const cap = capture();
    const p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => undefined), emitters: [cap] });
    for (let i = 0; i < MAX_PENDING_EVENTS; i++) p.emit(ALLOW_EVENT);
    expect(cap.got.length).toBe(MAX_PENDING_EVENTS);
  });

  test("each checkpoint goes to the emitters as an anchor (the final one too)", async () => {
    const dir = tmp();
    const cap = capture();
    let p: EvidencePipeline | undefined;
    const recorder = RecorderWriter.open({ dir, checkpointInterval: 2, onCheckpoint: (a) => p?.anchor(a) });
    p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => undefined), recorder, emitters: [cap] });
    for (let i = 0; i < 3; i++) p.emit(DENY_EVENT);
    p.drain();
    await p.close(0);
    const anchors = cap.got.filter((r) => r.event === "recorder_checkpoint");
    expect(anchors.map((a) => [a.detail?.first_seq, a.detail?.last_seq])).toEqual([[0, 1], [3, 3]]);
    const last = entriesOf(dir).at(-1);
    expect(anchors.at(-1)!.detail?.hash).toBe(last.hash);
  });

  test("after close, emit is a no-op", async () => {
    const cap = capture();
    const p = new EvidencePipeline({ metrics: createMetrics(), redactor: new Redactor(() => undefined), emitters: [cap] });
    await p.close(0);
    p.emit(DENY_EVENT);
    p.drain();
    expect(cap.got.length).toBe(0);
  });
});
