/**
 * End-to-end: `pipelock keygen` and `pipelock recorder verify|show` (compiled binary) on evidence
 * written by the real pipeline in a child process, including a kill -9 during heavy writes.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pipelock, REPO, tempDir } from "./_binary.ts";

const BUN = resolve(REPO, "node_modules/.bin/bun");
const WRITER = resolve(import.meta.dir, "_recorder-writer.ts");

async function keygen(dir: string) {
  const r = await pipelock(["keygen", "--out", dir]);
  expect(r.code).toBe(0);
  return { key: join(dir, "pipelock-recorder.key"), pub: join(dir, "pipelock-recorder.pub"), out: r.stdout };
}

/** Run the writer child to completion (COUNT events). */
async function writeEvents(dir: string, key: string, count: number): Promise<void> {
  const p = Bun.spawn([BUN, WRITER, dir, key, String(count)], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => p.kill("SIGKILL"), 20_000);
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  clearTimeout(timer);
  if (code !== 0) throw new Error(`writer failed (${code}): ${err}`);
  expect(out).toContain("done");
}

describe("pipelock keygen", () => {
  test("writes a 0600 private key and a public key, and refuses to overwrite", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    expect(statSync(k.key).mode & 0o777).toBe(0o600);
    expect(readFileSync(k.key, "utf8")).toStartWith("-----BEGIN PRIVATE KEY-----");
    expect(readFileSync(k.pub, "utf8")).toStartWith("-----BEGIN PUBLIC KEY-----");
    expect(k.out).toMatch(/key id: sha256:[0-9a-f]{64}/);
    const again = await pipelock(["keygen", "--out", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/refusing to overwrite/);
    expect((await pipelock(["keygen", "--out", dir, "--force"])).code).toBe(0);
  });
});

describe("pipelock recorder", () => {
  test("verify: an intact chain, then a tampered one (exit 1, first broken entry named)", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    const ev = join(dir, "evidence");
    await writeEvents(ev, k.key, 1200);
    const ok = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    // 1200 decisions + a checkpoint after every 200 (the last one leaves nothing for close to sign).
    expect(ok.stdout).toMatch(/^CHAIN VALID: session proxy: 1206 entries \(seq 0\.\.1205\) in 1 file\(s\), 6 checkpoint\(s\)/m);
    expect(ok.stdout).toMatch(/6 checkpoint signature\(s\) verified/);
    expect(ok.code).toBe(0);

    const file = join(ev, readdirSync(ev)[0]!);
    const lines = readFileSync(file, "utf8").split("\n");
    lines[500] = lines[500]!.replace('"decision":"allow"', '"decision":"deny"');
    writeFileSync(file, lines.join("\n"));
    const bad = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^CHAIN BROKEN/m);
    expect(bad.stdout).toMatch(/first problem \(modified\): evidence-proxy-0\.jsonl:501: entry seq 500 was modified/);
  });

  test("verify with the wrong key fails; without a key it says signatures were not checked", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    const other = await keygen(join(dir, "other"));
    const ev = join(dir, "evidence");
    await writeEvents(ev, k.key, 50);
    const wrong = await pipelock(["recorder", "verify", ev, "--key", other.pub]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/bad_signature/);
    const nokey = await pipelock(["recorder", "verify", ev]);
    expect(nokey.code).toBe(0);
    expect(nokey.stdout).toMatch(/signatures: NOT checked/);
  });

  test("kill -9 during heavy writes loses at most the entry being written, and verify says so", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    const ev = join(dir, "evidence");
    const p = Bun.spawn([BUN, WRITER, ev, k.key], { cwd: REPO, stdout: "pipe", stderr: "pipe" });
    const reader = (p.stdout as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain("ready");
    const size = () => readdirSync(ev).reduce((n, f) => n + statSync(join(ev, f)).size, 0);
    const deadline = Date.now() + 15_000;
    while (size() < 4 * 1024 * 1024 && Date.now() < deadline) await Bun.sleep(5);
    p.kill("SIGKILL");
    expect(await p.exited).not.toBe(0);
    expect(size()).toBeGreaterThanOrEqual(4 * 1024 * 1024);

    const after = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    expect(after.stdout).toMatch(/^CHAIN VALID/m);
    expect(after.code).toBe(0);
    const tail = /truncated tail: (\S+) line (\d+): (\d+) bytes of an entry cut off mid-write after seq (\d+)/.exec(after.stdout);
    const files = readdirSync(ev).sort();
    const last = readFileSync(join(ev, files.at(-1)!), "utf8");
    if (last.endsWith("\n")) expect(tail).toBeNull(); // the kill fell between writes: nothing was cut
    else expect(Number(tail![3])).toBe(Buffer.byteLength(last.slice(last.lastIndexOf("\n") + 1)));
    // The process died without its final checkpoint: entries since the last one are reported as unsigned.
    const complete = last.slice(0, last.lastIndexOf("\n")).split("\n");
    const lastType = JSON.parse(complete.at(-1)!).type;
    if (lastType === "checkpoint") expect(after.stdout).not.toMatch(/not covered by a signature/);
    else expect(after.stdout).toMatch(/\d+ entr(y|ies) after the last checkpoint (is|are) not covered by a signature yet/);
    const strictCode = (await pipelock(["recorder", "verify", ev, "--key", k.pub, "--strict"])).code;
    expect(strictCode).toBe(tail || lastType !== "checkpoint" ? 1 : 0);

    // A restart continues the chain (acknowledging any cut-off entry) and the whole thing verifies.
    await writeEvents(ev, k.key, 10);
    const resumed = await pipelock(["recorder", "verify", ev, "--key", k.pub, "--strict"]);
    expect(resumed.stdout).toMatch(/^CHAIN VALID/m);
    if (tail) expect(resumed.stdout).toMatch(new RegExp(`recovered crash: seq \\d+ acknowledges a cut-off entry of ${tail[3]} bytes at the end of ${tail[1]}`));
    expect(resumed.code).toBe(0);
  });

  test("a truncated last entry is reported exactly; truncating a middle file is tampering", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    const ev = join(dir, "evidence");
    await writeEvents(ev, k.key, 20);
    const file = join(ev, readdirSync(ev)[0]!);
    truncateSync(file, statSync(file).size - 100); // inside line 21, the final checkpoint (20 decisions + 1)
    const r = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/truncated tail: evidence-proxy-0\.jsonl line 21: \d+ bytes of an entry cut off mid-write after seq 19/);
    await writeEvents(ev, k.key, 5); // new file after the cut one
    const rec = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/recovered crash/);
    // Another run, then cut the middle file: a cut no recovery entry acknowledges is tampering.
    await writeEvents(ev, k.key, 5);
    const files = readdirSync(ev).sort((a, b) => Number(/(\d+)\.jsonl/.exec(a)![1]) - Number(/(\d+)\.jsonl/.exec(b)![1]));
    expect(files.length).toBe(3);
    const middle = join(ev, files[1]!);
    truncateSync(middle, statSync(middle).size - 50);
    const cut = await pipelock(["recorder", "verify", ev, "--key", k.pub]);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toMatch(/first problem \(cut_entry\): .*the file was truncated/);
  });

  test("show filters by verdict, rule, session and time; --json prints raw entries", async () => {
    const dir = tempDir();
    const k = await keygen(dir);
    const ev = join(dir, "evidence");
    await writeEvents(ev, k.key, 30);
    const denies = await pipelock(["recorder", "show", ev, "--verdict", "deny"]);
    expect(denies.code).toBe(0);
    expect(denies.stdout.trim().split("\n").length).toBe(6);
    expect(denies.stderr).toMatch(/6 entries/);
    const rule = await pipelock(["recorder", "query", ev, "--rule", "dlp.*", "--session", "s-0", "--json"]);
    const rows = rule.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBe(2); // n = 0, 15
    expect(rows.every((e) => e.detail.session === "s-0" && e.detail.rule_id === "dlp.test_rule")).toBe(true);
    expect((await pipelock(["recorder", "show", ev, "--since", "2000-01-01T00:00:00Z", "--until", "2000-01-02T00:00:00Z"])).stdout).toBe("");
    expect((await pipelock(["recorder", "show", ev, "--since", "1h", "--type", "checkpoint"])).stdout.trim().split("\n").length).toBe(1);
    expect((await pipelock(["recorder", "show", ev, "--limit", "3"])).stdout.trim().split("\n").length).toBe(3);
    expect((await pipelock(["recorder", "show", ev, "--verdict", "maybe"])).code).toBe(2);
    expect((await pipelock(["recorder", "verify", join(dir, "missing")])).code).toBe(2);
  });
});
