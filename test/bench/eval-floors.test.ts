import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkFloors, type Floors } from "../../bench/eval/floors.ts";

const report = (attack: number, caught: number, benign: number, flagged: number) => ({ total: { attack, caught, benign, flagged } });

test("checkFloors() passes when every floor is met", () => {
  expect(checkFloors({ a: report(100, 90, 50, 1) }, { a: { min_detection: 0.9, max_false_positive: 0.02 } })).toEqual([]);
});

test("checkFloors() reports detection below the floor and false positives above the ceiling", () => {
  const failures = checkFloors({ a: report(100, 89, 50, 2) }, { a: { min_detection: 0.9, max_false_positive: 0.02 } });
  expect(failures).toHaveLength(2);
  expect(failures[0]).toMatch(/detection 0\.8900 is below the floor 0\.9/);
  expect(failures[1]).toMatch(/false-positive rate 0\.0400 is above the ceiling 0\.02/);
});

test("checkFloors() fails a corpus that produced no results", () => {
  expect(checkFloors({}, { missing: { min_detection: 0.5 } })).toEqual(["missing: no results (corpus file missing?)"]);
});

test("test/eval-floors.json is well-formed: rates between 0 and 1", () => {
  const floors = JSON.parse(readFileSync(join(import.meta.dir, "../eval-floors.json"), "utf8")) as Floors;
  expect(Object.keys(floors).length).toBeGreaterThan(0);
  for (const f of Object.values(floors)) {
    for (const v of [f.min_detection, f.max_false_positive]) if (v !== undefined) expect(v >= 0 && v <= 1).toBe(true);
  }
});
