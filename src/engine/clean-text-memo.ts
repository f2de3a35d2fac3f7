/**
 * @module Short texts recently found clean, per compiled policy. A text subject's DLP and crypto
 * findings are a pure function of the policy and the text, and the short texts a door scans repeat
 * a lot (an agent sends the same headers and the same request paths again and again), so a text
 * found clean before costs a lookup. Only clean answers are kept — a text with a finding is scanned
 * every time, and no text holding a detected secret is ever kept. Bounded: texts up to
 * MAX_MEMO_TEXT_CHARS, MAX_MEMO_TEXTS per policy (the set starts over when full).
 */
import type { CompiledPolicy } from "./policy/compile-policy.ts";

export const MAX_MEMO_TEXTS = 1024;
export const MAX_MEMO_TEXT_CHARS = 2048;

const memos = new WeakMap<CompiledPolicy, Set<string>>();

/** True when `text` was found clean under `policy` recently. */
export function knownCleanText(policy: CompiledPolicy, text: string): boolean {
  return text.length <= MAX_MEMO_TEXT_CHARS && memos.get(policy)?.has(text) === true;
}

/** Remember that `text` is clean under `policy` (long texts are not kept). */
export function rememberCleanText(policy: CompiledPolicy, text: string): void {
  if (text.length > MAX_MEMO_TEXT_CHARS) return;
  let memo = memos.get(policy);
  if (memo === undefined) {
    memo = new Set();
    memos.set(policy, memo);
  }
  if (memo.size >= MAX_MEMO_TEXTS) memo.clear();
  memo.add(text);
}
