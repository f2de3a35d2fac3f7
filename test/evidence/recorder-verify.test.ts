import { describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { encodeEntry, listEvidenceFiles, verifyDir, type ProblemKind } from "../../src/evidence/index.ts";
import { fill, makeKey, tmp } from "./_fixtures.ts";

/** A signed 3-file chain: 6 lines per file, checkpoints every 3 entries. */
function chain(): { dir: string; files: string[]; pub: Uint8Array; root: string } {
  const root = tmp();
  const { key } = makeKey(root);
  const dir = join(root, "ev");
  fill({ dir, checkpointInterval: 3, maxEntriesPerFile: 6, signingKey: key }, 13);
  return { dir, files: listEvidenceFiles(dir).map((f) => f.path), pub: key.publicKey, root };
}
const read = (p: string) => readFileSync(p, "utf8").split("\n").slice(0, -1);
const write = (p: string, lines: string[]) => writeFileSync(p, lines.map((l) => `${l}\n`).join(""));
const editLine = (p: string, i: number, f: (l: string) => string) => {
  const ls = read(p);
  ls[i] = f(ls[i]!);
  write(p, ls);
};
/** Re-hash every entry from the first file on (an attacker rewriting history without the key). */
function rehashAll(files: string[]): void {
  let prev = "genesis";
  for (const p of files) {
    const out = read(p).map((l) => {
      const e = JSON.parse(l);
      const { line, hash } = encodeEntry(e.seq, e.ts, e.type, prev, JSON.stringify(e.detail));
      prev = hash;
      return line.slice(0, -1);
    });
    write(p, out);
  }
}

describe("recorder verify", () => {
  test("an untouched chain verifies, signatures included", () => {
    const { dir, pub, files } = chain();
    expect(files.length).toBe(3);
    const [r] = verifyDir(dir, { publicKey: pub });
    expect(r!.problem).toBeUndefined();
    expect(r!.signaturesVerified).toBeGreaterThanOrEqual(5);
    expect(r!.unsignedTail).toBe(0);
    expect(r!.truncatedTail).toBeUndefined();
  });

  const tampers: [string, ProblemKind, RegExp, (c: ReturnType<typeof chain>) => void][] = [
    ["edit a value inside an entry", "modified", /seq \d+ was modified/, (c) => editLine(c.files[1]!, 1, (l) => l.replace(/"i":(\d+)/, '"i":99'))],
    ["edit an entry and recompute its own hash", "broken_link", /an entry was replaced/, (c) =>
      editLine(c.files[1]!, 1, (l) => {
        const e = JSON.parse(l);
        return encodeEntry(e.seq, e.ts, e.type, e.prev_hash, JSON.stringify({ ...e.detail, tampered: true })).line.slice(0, -1);
      })],
    ["delete one entry", "missing_entries", /seq \d+ is missing: entries were deleted/, (c) => write(c.files[1]!, read(c.files[1]!).filter((_, i) => i !== 2))],
    ["swap two adjacent entries", "reordered", /reordered/, (c) => {
      const ls = read(c.files[1]!);
      [ls[1], ls[2]] = [ls[2]!, ls[1]!];
      write(c.files[1]!, ls);
    }],
    ["duplicate an entry", "reordered", /out of order/, (c) => {
      const ls = read(c.files[0]!);
      ls.splice(2, 0, ls[1]!);
      write(c.files[0]!, ls);
    }],
    ["cut bytes out of one entry", "malformed", /cut, corrupted or inserted/, (c) => editLine(c.files[0]!, 2, (l) => l.slice(0, 40) + l.slice(80))],
    ["append a garbage line", "malformed", /an entry was cut, corrupted or inserted/, (c) => writeFileSync(c.files[2]!, `${readFileSync(c.files[2]!, "utf8")}{"v":1}\n`)],
    ["truncate a middle file inside its last entry", "cut_entry", /cut-off entry/, (c) => truncateSync(c.files[1]!, statSync(c.files[1]!).size - 30)],
    ["delete a middle file", "missing_file", /a file was deleted/, (c) => unlinkSync(c.files[1]!)],
    ["delete the first file", "not_genesis", /not at genesis/, (c) => unlinkSync(c.files[0]!)],
    ["swap the contents of two files", "file_order", /renamed or swapped/, (c) => {
      const a = readFileSync(c.files[0]!);
      writeFileSync(c.files[0]!, readFileSync(c.files[1]!));
      writeFileSync(c.files[1]!, a);
    }],
    ["rename a file", "file_order", /renamed or swapped/, (c) => renameSync(c.files[2]!, c.files[2]!.replace(/-(\d+)\.jsonl$/, (_, n) => `-${Number(n) + 1}.jsonl`))],
    ["replace a file with one from another chain", "missing_file", /replaced or comes from another chain/, (c) => {
      const other = chain();
      copyFileSync(other.files[1]!, c.files[1]!);
    }],
    ["rewrite history and re-hash everything (no key)", "bad_signature", /signature does not verify/, (c) => {
      editLine(c.files[0]!, 1, (l) => l.replace('"decision":"allow"', '"decision":"deny"'));
      rehashAll(c.files);
    }],
  ];

  test.each(tampers)("detects: %s", (_name, kind, message, mutate) => {
    const c = chain();
    mutate(c);
    const [r] = verifyDir(c.dir, { publicKey: c.pub });
    expect(r!.problem?.kind).toBe(kind);
    expect(r!.problem?.message).toMatch(message);
  });

  test("a re-hashed chain passes without --key: signatures are what catch a full rewrite", () => {
    const c = chain();
    editLine(c.files[0]!, 1, (l) => l.replace('"decision":"allow"', '"decision":"deny"'));
    rehashAll(c.files);
    expect(verifyDir(c.dir)[0]!.problem).toBeUndefined();
  });

  test("a wrong key is a bad signature naming the signer", () => {
    const c = chain();
    const other = makeKey(tmp(), "other");
    const [r] = verifyDir(c.dir, { publicKey: other.key.publicKey });
    expect(r!.problem?.kind).toBe("bad_signature");
    expect(r!.problem?.message).toMatch(/signed by sha256:[0-9a-f]{64}, not by this key/);
  });

  test("unsigned checkpoints fail verification with a key", () => {
    const dir = tmp();
    fill({ dir, checkpointInterval: 3 }, 4);
    expect(verifyDir(dir)[0]!.problem).toBeUndefined();
    expect(verifyDir(dir, { publicKey: makeKey(tmp()).key.publicKey })[0]!.problem?.kind).toBe("missing_signature");
  });

  test("a cut-off last entry of the newest file is a truncated tail, not tampering", () => {
    const c = chain();
    const last = c.files[2]!;
    const lines = read(last);
    const lastLen = Buffer.byteLength(lines.at(-1)!) + 1;
    truncateSync(last, statSync(last).size - lastLen + 50);
    const [r] = verifyDir(c.dir, { publicKey: c.pub });
    expect(r!.problem).toBeUndefined();
    expect(r!.truncatedTail).toEqual({ file: "evidence-proxy-14.jsonl", line: lines.length, bytes: 50, afterSeq: r!.lastSeq! });
    expect(r!.unsignedTail).toBeGreaterThan(0); // the final checkpoint was the entry cut
  });

  test("entries after the last checkpoint are counted as unsigned", () => {
    const c = chain();
    const lines = read(c.files[2]!).slice(0, -1); // drop the final checkpoint (looks like a crash before it)
    write(c.files[2]!, lines);
    const types = lines.map((l) => JSON.parse(l).type as string);
    const afterLastCheckpoint = types.length - 1 - types.lastIndexOf("checkpoint");
    expect(afterLastCheckpoint).toBeGreaterThan(0);
    const [r] = verifyDir(c.dir, { publicKey: c.pub });
    expect(r!.problem).toBeUndefined();
    expect(r!.unsignedTail).toBe(afterLastCheckpoint);
  });
});
