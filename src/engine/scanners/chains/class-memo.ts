/**
 * @module The classes of small tool calls, remembered per compiled chains. Classification reads the
 * tool name, the string leaves of the arguments (numbers and booleans rendered) in order, and the
 * top-level key each sits under (command-like keys lead the joined command line; `arg_key` rules
 * read only some keys); the paths below the top level only name locations. The key holds exactly
 * those, length-prefixed, so two calls share an entry only when classification cannot tell them
 * apart. Bounded in entries and in the size of a call remembered.
 */
import { BoundedMemo, perOwner } from "../../memo/index.ts";
import { argumentEntries } from "../tool-policy/argument-strings.ts";
import type { CompiledChains } from "./types.ts";

/** Calls remembered per compiled chains (the memo starts over when full). */
export const MAX_CLASS_MEMO = 1024;
/** Larger calls (name, keys and values together, or more leaves) are classified every time. */
export const MAX_CLASS_MEMO_CHARS = 1024;
export const MAX_CLASS_MEMO_LEAVES = 32;

const memoFor = perOwner((_compiled: CompiledChains) => new BoundedMemo<string, readonly string[]>(MAX_CLASS_MEMO));

/** The memo key of a call, or undefined when it is too large to remember. */
export function classMemoKey(name: string, args: unknown): string | undefined {
  if (name.length > MAX_CLASS_MEMO_CHARS) return undefined;
  if (!fewLeaves(args)) return undefined;
  const entries = argumentEntries(args);
  if (entries.length > MAX_CLASS_MEMO_LEAVES) return undefined;
  // Object arguments give every leaf a top-level key; anything else gives none (and `arg_key` rules then read all leaves).
  let key = `${isRecord(args) ? "o" : "v"}${name.length}:${name}`;
  let chars = name.length;
  for (const e of entries) {
    const top = e.key ?? "";
    chars += top.length + e.value.length;
    if (chars > MAX_CLASS_MEMO_CHARS) return undefined;
    key += `${top.length}:${top}${e.value.length}:${e.value}`;
  }
  return key;
}

export function knownClasses(compiled: CompiledChains, key: string): readonly string[] | undefined {
  return memoFor(compiled).get(key);
}

/** Remember a call's classes; returns them frozen (the same array is handed to every later caller). */
export function rememberClasses(compiled: CompiledChains, key: string, classes: readonly string[]): readonly string[] {
  return memoFor(compiled).set(key, Object.freeze([...classes]));
}

/** Deepest nesting the leaf count follows (deeper arguments are not remembered). */
const MAX_COUNT_DEPTH = 8;

/** A cheap early exit before the real walk: at most MAX_CLASS_MEMO_LEAVES leaves within MAX_COUNT_DEPTH. */
function fewLeaves(args: unknown): boolean {
  let leaves = 0;
  const count = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== "object") return ++leaves <= MAX_CLASS_MEMO_LEAVES;
    if (depth >= MAX_COUNT_DEPTH) return false;
    for (const item of Array.isArray(node) ? node : Object.values(node)) if (!count(item, depth + 1)) return false;
    return true;
  };
  return count(args, 0);
}

function isRecord(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
