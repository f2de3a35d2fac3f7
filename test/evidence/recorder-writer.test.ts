import { describe, expect, test } from "bun:test";
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMetrics, GENESIS, listEvidenceFiles, parseLine, readLines, RecorderWriter, verifyDir } from "../../src/evidence/index.ts";
import { fill, makeKey, tmp } from "./_fixtures.ts";

const lines = (path: string) => readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0);
const entries = (dir: string) => listEvidenceFiles(dir).flatMap((f) => lines(f.path).map((l) => JSON.parse(l)));

describe("RecorderWriter", () => {
  test("chains entries from genesis, each hash covering the line's bytes", () => {
    const dir = tmp();
    fill({ dir, checkpointInterval: 1000 }, 5);
    const es = entries(dir);
    expect(es.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(es[0].prev_hash).toBe(GENESIS);
    for (let i = 1; i < es.length; i++) expect(es[i].prev_hash).toBe(es[i - 1].hash);
    for (const l of lines(listEvidenceFiles(dir)[0]!.path)) {
      const p = parseLine(l);
      expect(p.ok && p.hashValid).toBe(true);
    }
    expect(es.at(-1).type).toBe("checkpoint"); // written at close
  });

  test("nothing reaches the file until flush; close flushes", () => {
    const dir = tmp();
    const w = RecorderWriter.open({ dir });
    w.append("decision", { a: 1 });
    expect(readdirSync(dir).filter((n) => n.endsWith(".jsonl"))).toEqual([]);
    w.flush();
    expect(lines(join(dir, "evidence-proxy-0.jsonl")).length).toBe(1);
    w.close();
    expect(lines(join(dir, "evidence-proxy-0.jsonl")).length).toBe(2);
  });

  test("writeThrough hands each entry to the OS as it is appended", () => {
    const dir = tmp();
    const w = RecorderWriter.open({ dir, writeThrough: true });
    w.append("decision", { a: 1 });
    expect(lines(join(dir, "evidence-proxy-0.jsonl")).length).toBe(1);
    w.append("decision", { a: 2 });
    expect(lines(join(dir, "evidence-proxy-0.jsonl")).length).toBe(2);
    w.close();
  });

  test("files are created 0600", () => {
    const dir = tmp();
    fill({ dir }, 1);
    expect(statSync(join(dir, "evidence-proxy-0.jsonl")).mode & 0o777).toBe(0o600);
  });

  test("a signed checkpoint every N entries covers exactly the range since the last one", () => {
    const dir = tmp();
    const { key } = makeKey(dir);
    fill({ dir: join(dir, "ev"), checkpointInterval: 4, signingKey: key }, 10);
    const cps = entries(join(dir, "ev")).filter((e) => e.type === "checkpoint").map((e) => e.detail);
    expect(cps.map((d) => [d.first_seq, d.last_seq, d.entry_count, d.reason])).toEqual([
      [0, 3, 4, "interval"],
      [5, 8, 4, "interval"],
      [10, 11, 2, "shutdown"],
    ]);
    for (const d of cps) expect(d.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(cps[0].key_id).toBe(key.keyId);
  });

  test.each([
    ["entries", { maxEntriesPerFile: 5 }, 12],
    ["size", { maxFileBytes: 4096 }, 60],
  ] as const)("rotates by %s; the chain continues across files", (reason, opts, n) => {
    const dir = tmp();
    const metrics = createMetrics();
    fill({ dir, checkpointInterval: 1000, metrics, ...opts }, n);
    const files = listEvidenceFiles(dir);
    expect(files.length).toBeGreaterThan(1);
    for (let i = 1; i < files.length; i++) {
      const prevLast = JSON.parse(lines(files[i - 1]!.path).at(-1)!);
      const first = JSON.parse(lines(files[i]!.path)[0]!);
      expect(prevLast.type).toBe("checkpoint"); // every rotated file ends signed
      expect(first.prev_hash).toBe(prevLast.hash);
      expect(first.seq).toBe(files[i]!.seq);
    }
    expect(metrics.recorderRotations.value([reason])).toBeGreaterThan(0);
    expect(verifyDir(dir)[0]!.problem).toBeUndefined();
  });

  test("rotates by age with an injected clock", () => {
    const dir = tmp();
    let now = Date.parse("2026-09-01T00:00:00Z");
    const w = RecorderWriter.open({ dir, rotateIntervalMs: 60_000, now: () => now });
    w.append("decision", { a: 1 });
    now += 30_000;
    w.append("decision", { a: 2 });
    now += 31_000;
    w.append("decision", { a: 3 });
    w.close();
    expect(listEvidenceFiles(dir).map((f) => f.seq)).toEqual([0, 3]);
  });

  test("a restart resumes the chain in a new file", () => {
    const dir = tmp();
    fill({ dir }, 3);
    fill({ dir }, 2);
    expect(listEvidenceFiles(dir).map((f) => f.seq)).toEqual([0, 4]);
    const r = verifyDir(dir)[0]!;
    expect(r.problem).toBeUndefined();
    expect(r.entries).toBe(7); // 3 + checkpoint, 2 + checkpoint
  });

  test("a cut-off entry left by a crash is acknowledged by a recovery entry on restart", () => {
    const dir = tmp();
    const w = RecorderWriter.open({ dir });
    for (let i = 0; i < 3; i++) w.append("decision", { i });
    w.flush(); // no close: the process "died"
    appendFileSync(join(dir, "evidence-proxy-0.jsonl"), '{"v":1,"seq":3,"ts":"2026-');
    fill({ dir }, 1);
    const second = lines(join(dir, "evidence-proxy-3.jsonl")).map((l) => JSON.parse(l));
    expect(second[0].type).toBe("recovery");
    expect(second[0].detail).toMatchObject({ file: "evidence-proxy-0.jsonl", partial_bytes: 26, after_seq: 2 });
    const r = verifyDir(dir)[0]!;
    expect(r.problem).toBeUndefined();
    expect(r.recoveries).toEqual([{ seq: 3, file: "evidence-proxy-0.jsonl", partialBytes: 26, lostEntries: 0 }]);
  });

  test("a file holding only a cut-off first entry is emptied and reused, with a recovery entry", () => {
    const dir = tmp();
    fill({ dir }, 2); // seq 0..2 (with checkpoint)
    writeFileSync(join(dir, "evidence-proxy-3.jsonl"), '{"v":1,"seq":3');
    fill({ dir }, 1);
    const r = verifyDir(dir)[0]!;
    expect(r.problem).toBeUndefined();
    expect(lines(join(dir, "evidence-proxy-3.jsonl")).map((l) => JSON.parse(l).type)).toEqual(["recovery", "decision", "checkpoint"]);
  });

  test("refuses to resume when the last entry does not verify", () => {
    const dir = tmp();
    fill({ dir }, 2);
    const path = join(dir, "evidence-proxy-0.jsonl");
    writeFileSync(path, readFileSync(path, "utf8").replace('"shutdown"', '"shutdowX"'));
    expect(() => RecorderWriter.open({ dir })).toThrow(/does not verify/);
  });

  test("refuses a directory it cannot write", () => {
    expect(() => RecorderWriter.open({ dir: "/proc/pipelock-not-writable" })).toThrow(/not writable|EACCES|ENOENT|EROFS|no such/i);
  });

  test("retention_days prunes old files but never the newest", () => {
    const dir = tmp();
    fill({ dir, maxEntriesPerFile: 3 }, 8);
    const files = listEvidenceFiles(dir);
    const old = new Date(Date.now() - 10 * 86_400_000);
    for (const f of files) utimesSync(f.path, old, old);
    fill({ dir, retentionDays: 5 }, 1);
    const left = listEvidenceFiles(dir);
    expect(left.length).toBe(1 + 1); // the newest old file (resumed from) and the new one
    expect(verifyDir(dir, { allowPruned: true })[0]!.problem).toBeUndefined();
    expect(verifyDir(dir)[0]!.problem?.kind).toBe("not_genesis");
  });

  test("readLines reports a last line without newline as incomplete", () => {
    const dir = tmp();
    const p = join(dir, "x");
    writeFileSync(p, "a\nbb\nccc");
    expect([...readLines(p)].map((l) => [l.text, l.complete])).toEqual([["a", true], ["bb", true], ["ccc", false]]);
    truncateSync(p, 0);
    expect([...readLines(p)]).toEqual([]);
  });
});
