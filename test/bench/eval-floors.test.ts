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
  expect(checkFloors({}, { missing: { min_detection: 0.5 } })).toEqual(["missing: no results (corpus file or group missing?)"]);
});

test("checkFloors() reads a breakdown group named `file › group`", () => {
  const report = { a: { total: { attack: 10, caught: 10, benign: 10, flagged: 0 }, groups: { "surface: x": { attack: 10, caught: 8, benign: 4, flagged: 1 } } } };
  expect(checkFloors(report, { "a › surface: x": { min_detection: 0.8, max_false_positive: 0.25 } })).toEqual([]);
  const failures = checkFloors(report, { "a › surface: x": { min_detection: 0.9 }, "a › nope": { min_detection: 0.1 } });
  expect(failures).toEqual(["a › surface: x: detection 0.8000 is below the floor 0.9", "a › nope: no results (corpus file or group missing?)"]);
});

test("checkFloors() checks the share of verdicts right", () => {
  const r = { a: report(10, 9, 10, 1) };
  expect(checkFloors(r, { a: { min_right: 0.9 } })).toEqual([]);
  expect(checkFloors(r, { a: { min_right: 0.95 } })).toEqual(["a: verdicts right 0.9000 is below the floor 0.95"]);
});

test("test/eval-floors.json is well-formed: rates between 0 and 1", () => {
  const floors = JSON.parse(readFileSync(join(import.meta.dir, "../eval-floors.json"), "utf8")) as Floors;
  expect(Object.keys(floors).length).toBeGreaterThan(0);
  for (const f of Object.values(floors)) {
    for (const v of [f.min_detection, f.max_false_positive, f.min_right]) if (v !== undefined) expect(v >= 0 && v <= 1).toBe(true);
  }
});
