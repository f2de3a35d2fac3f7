/**
 * @module Joins already judged clean, remembered per policy. Whether reassembly reports anything is
 * decided first by the boundary gate and the gate's DLP, and both read exactly two things of each
 * join: its text and the offsets of the boundaries this observation created (boundary-gate.ts). So
 * when that pair, for every join of an observation, was judged clean before under the same rules and
 * secrets, it is clean again: repeated traffic (the same page number, the same tool arguments, a
 * counter that cycles) then costs a lookup instead of two prefilter passes, RE2 confirmations and
 * validators over a digit run. Only "clean" is remembered (a detection is rare and always judged in
 * full); the key is the exact input, so the memo never answers for a join it has not seen.
 */
import type { RuleSet } from "../../match/rule-set.ts";
import { BoundedMemo } from "../../memo/index.ts";
import type { CompiledSecrets } from "../dlp/index.ts";
import type { JoinedText } from "./boundary-gate.ts";

/** Clean answers remembered per policy (the memo starts over when full). */
export const MAX_CLEAN_JOINS = 512;
/** Longest key remembered: observations whose joins are longer are judged every time. */
export const MAX_CLEAN_KEY_CHARS = 4096;

interface Memo {
  readonly secrets: CompiledSecrets | undefined;
  readonly keys: BoundedMemo<string, true>;
}

const memos = new WeakMap<RuleSet, Memo>();

/**
 * The exact key of `joins` (each join's length, its new boundaries, then its text: the length
 * prefix makes the encoding unambiguous whatever the text holds), or undefined when too long.
 */
export function cleanJoinsKey(joins: readonly JoinedText[]): string | undefined {
  let chars = 0;
  for (const j of joins) chars += j.joined.length;
  if (chars > MAX_CLEAN_KEY_CHARS) return undefined;
  let key = "";
  for (const j of joins) key += `${j.joined.length}/${j.boundaries.join(",")}/${j.joined}`;
  return key;
}

function memoFor(dlp: RuleSet, secrets: CompiledSecrets | undefined): Memo {
  let memo = memos.get(dlp);
  if (memo === undefined || memo.secrets !== secrets) {
    memo = { secrets, keys: new BoundedMemo(MAX_CLEAN_JOINS) };
    memos.set(dlp, memo);
  }
  return memo;
}

/** True when joins with this key were judged clean under these rules and secrets. */
export function knownClean(dlp: RuleSet, secrets: CompiledSecrets | undefined, key: string): boolean {
  return memoFor(dlp, secrets).keys.has(key);
}

/** Remember that joins with this key are clean under these rules and secrets. */
export function rememberClean(dlp: RuleSet, secrets: CompiledSecrets | undefined, key: string): void {
  memoFor(dlp, secrets).keys.set(key, true);
}
