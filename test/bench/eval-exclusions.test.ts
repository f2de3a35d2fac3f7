import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exclusionLookup, MAX_EXCLUSIONS, parseExclusions } from "../../bench/eval/exclusions.ts";

const REASON = "Placeholder, not a credential: forty x characters.";
const entry = (over: Record<string, unknown> = {}) => ({ id: "sec-0a1b2c3d4e", file: "secrets.jsonl", reason: REASON, ...over });
const parse = (value: unknown) => parseExclusions(JSON.stringify(value));

describe("parseExclusions()", () => {
  test("accepts well-formed entries, with and without a view, and trims reasons", () => {
    const list = parse([entry({ reason: `  ${REASON}  ` }), entry({ id: "aeb-a2a-card-benign-normal-006", file: "benign.jsonl", view: "dlp" })]);
    expect(list).toEqual([
      { id: "sec-0a1b2c3d4e", file: "secrets.jsonl", reason: REASON },
      { id: "aeb-a2a-card-benign-normal-006", file: "benign.jsonl", reason: REASON, view: "dlp" },
    ]);
  });

  test("accepts an empty list", () => {
    expect(parseExclusions("[]")).toEqual([]);
  });

  test.each([
    ["not JSON", "{oops", /not JSON/],
    ["not an array", JSON.stringify({ id: "sec-0a1b2c3d4e" }), /expected a JSON array/],
    ["an entry that is not an object", JSON.stringify(["sec-0a1b2c3d4e"]), /\[0\]: expected an object/],
    ["an unknown key", JSON.stringify([entry({ label: "attack" })]), /unknown key "label"/],
    ["a missing id", JSON.stringify([{ file: "secrets.jsonl", reason: REASON }]), /id must look like/],
    ["an id with upper case", JSON.stringify([entry({ id: "SEC-0A1B" })]), /id must look like/],
    ["a file that is not a corpus file", JSON.stringify([entry({ file: "../etc/passwd" })]), /file must be a corpus file/],
    ["a reason that is only a tag", JSON.stringify([entry({ reason: "placeholder" })]), /reason must be a sentence/],
    ["a reason that is not a string", JSON.stringify([entry({ reason: 42 })]), /reason must be a sentence/],
    ["an unknown view", JSON.stringify([entry({ view: "everything" })]), /unknown view/],
    ["a duplicate", JSON.stringify([entry(), entry()]), /\[1\]: sec-0a1b2c3d4e in secrets.jsonl is listed twice/],
  ])("rejects %s", (_name, text, message) => {
    expect(() => parseExclusions(text)).toThrow(message);
  });

  test("rejects more entries than the cap", () => {
    const many = Array.from({ length: MAX_EXCLUSIONS + 1 }, (_, i) => entry({ id: `sec-${i.toString(16).padStart(10, "0")}` }));
    expect(() => parse(many)).toThrow(/more than/);
  });
});

describe("exclusionLookup()", () => {
  const lookup = exclusionLookup(parse([entry(), entry({ id: "ben-00ff00ff00", file: "benign.jsonl", view: "dlp", reason: `${REASON} (dlp)` })]));

  test.each([
    ["secrets.jsonl", "dlp", "sec-0a1b2c3d4e", REASON],
    ["secrets.jsonl", "injection", "sec-0a1b2c3d4e", REASON],
    ["benign.jsonl", "dlp", "ben-00ff00ff00", `${REASON} (dlp)`],
    ["benign.jsonl", "injection", "ben-00ff00ff00", undefined],
    ["crypto.jsonl", "dlp", "sec-0a1b2c3d4e", undefined],
    ["secrets.jsonl", "dlp", "sec-ffffffffff", undefined],
  ])("%s / %s / %s", (file, view, id, expected) => {
    expect(lookup(file, view, id)).toBe(expected);
  });
});

test("test/eval-exclusions.json is well-formed (ids are checked against the corpora by the eval itself)", () => {
  const list = parseExclusions(readFileSync(join(import.meta.dir, "../eval-exclusions.json"), "utf8"));
  expect(list.length).toBeGreaterThan(0);
  for (const e of list) expect(e.reason.length).toBeGreaterThanOrEqual(20);
});
