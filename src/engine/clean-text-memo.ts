/**
 * @module Short texts recently found clean, per compiled policy and subject kind. A text subject's
 * DLP and crypto findings, and a content subject's injection findings, are pure functions of the
 * policy and the text, and the short texts doors scan repeat a lot (the same headers and request
 * paths from an agent, heartbeat messages on a WebSocket, the same small tool results), so a text
 * found clean before costs a lookup. Only clean answers are kept — a text with a finding is scanned
 * every time, and no text holding a detected secret or injection is ever kept. Bounded: texts up
 * to MAX_MEMO_TEXT_CHARS, MAX_MEMO_TEXTS per policy and kind (the set starts over when full).
 */
import { BoundedMemo, perOwner } from "./memo/index.ts";
import type { CompiledPolicy } from "./policy/compile-policy.ts";

export const MAX_MEMO_TEXTS = 1024;
export const MAX_MEMO_TEXT_CHARS = 2048;

/** The subject kinds whose clean answers are kept (each has its own set). */
export type MemoKind = "text" | "text-credentials" | "content";

const memoFor = perOwner((_policy: CompiledPolicy): Record<MemoKind, BoundedMemo<string, true>> => ({
  text: new BoundedMemo(MAX_MEMO_TEXTS),
  "text-credentials": new BoundedMemo(MAX_MEMO_TEXTS),
  content: new BoundedMemo(MAX_MEMO_TEXTS),
}));

/** True when `text` was found clean as a `kind` subject under `policy` recently. */
export function knownCleanText(policy: CompiledPolicy, kind: MemoKind, text: string): boolean {
  return text.length <= MAX_MEMO_TEXT_CHARS && memoFor(policy)[kind].has(text);
}

/** Remember that `text` is clean as a `kind` subject under `policy` (long texts are not kept). */
export function rememberCleanText(policy: CompiledPolicy, kind: MemoKind, text: string): void {
  if (text.length <= MAX_MEMO_TEXT_CHARS) memoFor(policy)[kind].set(text, true);
}
