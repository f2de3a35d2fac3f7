import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatIssue } from "../../src/config/index.ts";
import { generateKeyPair, loadPacks, signBytes } from "../../src/rules/index.ts";

const pack = (name: string, id: string) => `name: ${name}
version: 1.0.0
rules:
  - id: ${id}
    kind: dlp
    severity: high
    pattern: 'zq_[0-9]{6}'
    keywords: [zq_]
    max_length: 12
    examples:
      match: ["zq_123456"]
      no_match: ["zq_12"]
`;
const dirs: string[] = [];
const tempDir = (files: Record<string, string>) => {
  const dir = mkdtempSync(join(tmpdir(), "pipelock-packs-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const load = (dir: string, extra: Partial<Parameters<typeof loadPacks>[0]> = {}) =>
  loadPacks({ dirs: [{ path: dir, optional: false }], requireSigned: false, trustedKeys: [], skipBuiltin: true, ...extra });

describe("loadPacks()", () => {
  test("loads every yaml pack in a directory, in name order, ignoring other files", () => {
    const dir = tempDir({ "b.yaml": pack("b-pack", "b.rule"), "a.yml": pack("a-pack", "a.rule"), "notes.txt": "x", ".hidden.yaml": "junk: [" });
    const r = load(dir);
    expect(r.ok && r.packs.map((p) => p.name)).toEqual(["a-pack", "b-pack"]);
  });

  test("duplicate rule ids across packs are an error naming both files", () => {
    const dir = tempDir({ "a.yaml": pack("a-pack", "same.rule"), "b.yaml": pack("b-pack", "same.rule") });
    const r = load(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).join("\n")).toMatch(/b\.yaml:4:9: duplicate rule id "same\.rule" \(already defined in .*a\.yaml\)/);
  });

  test("one bad pack rejects the whole set", () => {
    const dir = tempDir({ "a.yaml": pack("a-pack", "a.rule"), "b.yaml": "name: b\n" });
    expect(load(dir).ok).toBe(false);
  });

  test("a missing required directory is an error; a missing optional one is not", () => {
    expect(load("/nonexistent/pipelock-dir").ok).toBe(false);
    expect(loadPacks({ dirs: [{ path: "/nonexistent/pipelock-dir", optional: true }], requireSigned: false, trustedKeys: [], skipBuiltin: true }).ok).toBe(true);
  });

  describe("signatures", () => {
    const key = generateKeyPair();
    const text = pack("s-pack", "s.rule");
    const trusted = [{ name: "team", public_key: key.publicKeyHex }];

    test("a signed pack loads with require_signed and records the signer", () => {
      const dir = tempDir({ "s.yaml": text, "s.yaml.sig": signBytes(new TextEncoder().encode(text), key.secretKeyHex) });
      const r = load(dir, { requireSigned: true, trustedKeys: trusted });
      expect(r.ok && r.packs[0]!.signedBy).toBe("team");
    });

    test("an unsigned pack is refused when require_signed is on", () => {
      const r = load(tempDir({ "s.yaml": text }), { requireSigned: true, trustedKeys: trusted });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]!.message).toMatch(/unsigned and rules\.require_signed/);
    });

    test("a pack edited after signing is refused even when signatures are optional", () => {
      const sig = signBytes(new TextEncoder().encode(text), key.secretKeyHex);
      const r = load(tempDir({ "s.yaml": text.replace("severity: high", "severity: low"), "s.yaml.sig": sig }), { trustedKeys: trusted });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]!.message).toMatch(/does not verify/);
    });

    test("a pack signed by an untrusted key is refused", () => {
      const other = generateKeyPair();
      const r = load(tempDir({ "s.yaml": text, "s.yaml.sig": signBytes(new TextEncoder().encode(text), other.secretKeyHex) }), { requireSigned: true, trustedKeys: trusted });
      expect(r.ok).toBe(false);
    });
  });
});
