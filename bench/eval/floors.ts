/**
 * @module The eval gate: floors for detection (minimum), verdicts right (minimum) and false positives
 * (maximum), kept in test/eval-floors.json. A key is a report name (`injection.jsonl`) for the whole
 * file or `name › group` for one of its breakdowns (`injection.jsonl › surface: tool_result`).
 * Floors only ever move in the safe direction.
 */

export interface Floor {
  /** Minimum share of attack cases flagged, 0–1. */
  readonly min_detection?: number;
  /** Maximum share of benign cases flagged, 0–1. */
  readonly max_false_positive?: number;
  /** Minimum share of all cases with the right verdict (attack flagged, benign passed), 0–1. */
  readonly min_right?: number;
}
export type Floors = Readonly<Record<string, Floor>>;

/** Separates a report name from one of its breakdown groups in a floor key. */
export const GROUP_SEPARATOR = " › ";

export interface Counts {
  readonly attack: number;
  readonly caught: number;
  readonly benign: number;
  readonly flagged: number;
}

interface Totals {
  readonly total: Counts;
  readonly groups?: Readonly<Record<string, Counts>>;
}

/** The counts a floor key names, or undefined when the report has no such file or group. */
export function countsFor(report: Readonly<Record<string, Totals>>, key: string): Counts | undefined {
  const at = key.indexOf(GROUP_SEPARATOR);
  if (at < 0) return report[key]?.total;
  return report[key.slice(0, at)]?.groups?.[key.slice(at + GROUP_SEPARATOR.length)];
}

/** Sentences describing every floor the report misses (empty when all are met). */
export function checkFloors(report: Readonly<Record<string, Totals>>, floors: Floors): string[] {
  const failures: string[] = [];
  for (const [name, floor] of Object.entries(floors)) {
    const counts = countsFor(report, name);
    if (!counts) {
      failures.push(`${name}: no results (corpus file or group missing?)`);
      continue;
    }
    const { attack, caught, benign, flagged } = counts;
    if (floor.min_detection !== undefined && attack > 0 && caught / attack < floor.min_detection) {
      failures.push(`${name}: detection ${(caught / attack).toFixed(4)} is below the floor ${floor.min_detection}`);
    }
    if (floor.max_false_positive !== undefined && benign > 0 && flagged / benign > floor.max_false_positive) {
      failures.push(`${name}: false-positive rate ${(flagged / benign).toFixed(4)} is above the ceiling ${floor.max_false_positive}`);
    }
    const all = attack + benign;
    const right = caught + benign - flagged;
    if (floor.min_right !== undefined && all > 0 && right / all < floor.min_right) {
      failures.push(`${name}: verdicts right ${(right / all).toFixed(4)} is below the floor ${floor.min_right}`);
    }
  }
  return failures;
}
