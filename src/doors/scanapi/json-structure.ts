/**
 * @module Checks JSON.parse does not make: duplicate object keys (a parser-differential trick:
 * one reader sees the first value, another the last), nesting depth, and strings that are not
 * valid Unicode (JSON escapes can spell lone surrogates such as `\ud800`).
 */

import { findDuplicateKey } from "../json/index.ts";

/** Deepest nesting of objects and arrays a request may have (the request object is depth 1). */
export const MAX_JSON_DEPTH = 64;

/**
 * What is wrong with the structure of JSON text that JSON.parse already accepted (pass its result
 * as `parsed` for the fast path), or undefined.
 */
export function jsonStructureProblem(text: string, maxDepth: number = MAX_JSON_DEPTH, parsed?: unknown): "duplicate key" | "nested too deeply" | undefined {
  const problem = findDuplicateKey(text, parsed, maxDepth);
  if (problem === undefined) return undefined;
  return problem.kind === "duplicate" ? "duplicate key" : "nested too deeply";
}

/** True when every string in `value` (object keys included) is well-formed Unicode. */
export function allStringsWellFormed(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") {
      if (!item.isWellFormed()) return false;
    } else if (Array.isArray(item)) {
      for (const element of item) pending.push(element);
    } else if (item !== null && typeof item === "object") {
      for (const [key, element] of Object.entries(item)) {
        if (!key.isWellFormed()) return false;
        pending.push(element);
      }
    }
  }
  return true;
}
