/**
 * @module The eval gate: per-file floors for detection (minimum) and false positives (maximum),
 * kept in test/eval-floors.json. Floors only ever move in the safe direction.
 */

export interface Floor {
  /** Minimum share of attack cases flagged, 0–1. */
  readonly min_detection?: number;
  /** Maximum share of benign cases flagged, 0–1. */
  readonly max_false_positive?: number;
}
export type Floors = Readonly<Record<string, Floor>>;

interface Totals {
  total: { attack: number; caught: number; benign: number; flagged: number };
}

/** Sentences describing every floor the report misses (empty when all are met). */
export function checkFloors(report: Readonly<Record<string, Totals>>, floors: Floors): string[] {
  const failures: string[] = [];
  for (const [name, floor] of Object.entries(floors)) {
    const r = report[name];
    if (!r) {
      failures.push(`${name}: no results (corpus file missing?)`);
      continue;
    }
    const { attack, caught, benign, flagged } = r.total;
    if (floor.min_detection !== undefined && attack > 0 && caught / attack < floor.min_detection) {
      failures.push(`${name}: detection ${(caught / attack).toFixed(4)} is below the floor ${floor.min_detection}`);
    }
    if (floor.max_false_positive !== undefined && benign > 0 && flagged / benign > floor.max_false_positive) {
      failures.push(`${name}: false-positive rate ${(flagged / benign).toFixed(4)} is above the ceiling ${floor.max_false_positive}`);
    }
  }
  return failures;
}
