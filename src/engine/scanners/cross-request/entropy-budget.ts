/**
 * @module The entropy budget: how many bits of high-entropy data a session sent in the last window.
 * Where the reference charges `entropy × length` for whole payloads (so that any sizeable JSON body
 * drains it), this charges only high-entropy tokens — runs of base64/base64url/hex characters of
 * MIN_TOKEN_CHARS or more with at least MIN_TOKEN_BITS_PER_CHAR bits per character — and charges a
 * token once per window, so identifiers an agent repeats (its session id, a commit hash, a UUID it
 * keeps referring to) cost nothing after the first time while fresh encoded data keeps adding up.
 */
import { shannonEntropy } from "../../match/entropy.ts";
import type { EntropyBudgetSettings } from "./settings.ts";
import { MAX_SEEN_TOKENS, MAX_SPENT_BUCKETS, type SeenToken, type SpentBucket } from "./state.ts";

/** Shortest run of token characters counted. */
export const MIN_TOKEN_CHARS = 16;
/** Runs below this Shannon entropy (words, repeated characters) are not counted. */
export const MIN_TOKEN_BITS_PER_CHAR = 3;
/**
 * Characters of one observation looked at, all pieces together; the rest is not charged. Doors pass
 * at most the first 64 KiB of a body (as the reference does), so this only bounds hostile input.
 */
export const MAX_BUDGET_SCAN_CHARS = 256 * 1024;
/** Time buckets per window. */
export const BUDGET_BUCKETS = 12;

export interface BudgetState {
  readonly spent: readonly SpentBucket[];
  readonly seen: readonly SeenToken[];
}

export interface BudgetSpend extends BudgetState {
  /** Bits this observation added. */
  readonly addedBits: number;
  /** Bits spent in the window, this observation included. */
  readonly windowBits: number;
  /** True when this observation added bits and the window total reached the budget. */
  readonly exceeded: boolean;
}

/**
 * Charge `texts` to the budget at `now`. Most observations carry no token worth charging and nothing
 * expired: they get the prior lists back as they are, without a copy.
 */
export function spendEntropyBudget(prior: BudgetState, texts: readonly string[], settings: EntropyBudgetSettings, now: number): BudgetSpend {
  const cutoff = now - settings.windowMs;
  const width = Math.max(1, Math.floor(settings.windowMs / BUDGET_BUCKETS));
  const charged = chargedTokens(texts);
  let seen: readonly SeenToken[] = prior.seen.some(([, at]) => at <= cutoff) ? prior.seen.filter(([, at]) => at > cutoff) : prior.seen;
  let addedBits = 0;
  if (charged.length > 0) {
    const known = new Map<string, number>(seen);
    for (const [fp, bits] of charged) {
      if (known.has(fp)) continue;
      known.set(fp, now);
      addedBits += bits;
    }
    if (addedBits > 0) seen = [...known];
  }
  let spent: readonly SpentBucket[] = prior.spent.some(([start]) => start + width <= cutoff) ? prior.spent.filter(([start]) => start + width > cutoff) : prior.spent;
  if (addedBits > 0) {
    const bucket = now - (now % width);
    const last = spent.at(-1);
    spent = last && last[0] === bucket ? [...spent.slice(0, -1), [bucket, last[1] + addedBits] as const] : [...spent, [bucket, addedBits] as const];
  }
  let windowBits = 0;
  for (const [, bits] of spent) windowBits += bits;
  return {
    spent: spent.length > MAX_SPENT_BUCKETS ? spent.slice(-MAX_SPENT_BUCKETS) : spent,
    seen: seen.length > MAX_SEEN_TOKENS ? seen.slice(-MAX_SEEN_TOKENS) : seen,
    addedBits,
    windowBits,
    exceeded: addedBits > 0 && windowBits >= settings.bitsPerWindow,
  };
}

/** Fingerprint and bits of every token in `texts` that looks like data, in order (bounded scan). */
function chargedTokens(texts: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  let room = MAX_BUDGET_SCAN_CHARS;
  for (const text of texts) {
    if (room <= 0) break;
    const part = text.length <= room ? text : text.slice(0, room);
    room -= part.length;
    forEachToken(part, (token) => {
      const bits = tokenBits(token);
      if (bits > 0) out.push([fingerprint(token), bits]);
    });
  }
  return out;
}

/** Bits a token is charged: entropy × length when it looks like data, else 0. */
export function tokenBits(token: string): number {
  if (token.length < MIN_TOKEN_CHARS) return 0;
  const h = shannonEntropy(token);
  return h >= MIN_TOKEN_BITS_PER_CHAR ? Math.round(h * token.length) : 0;
}

/** Every maximal run of base64/base64url/hex characters in `text` (bounded scan). */
export function forEachToken(text: string, visit: (token: string) => void): void {
  const end = Math.min(text.length, MAX_BUDGET_SCAN_CHARS);
  let start = -1;
  for (let i = 0; i <= end; i++) {
    const inToken = i < end && isTokenChar(text.charCodeAt(i));
    if (inToken && start < 0) start = i;
    else if (!inToken && start >= 0) {
      if (i - start >= MIN_TOKEN_CHARS) visit(text.slice(start, i));
      start = -1;
    }
  }
}

function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45;
}

/** Two FNV-1a passes with different seeds (64 bits): identifies a token without storing it. */
function fingerprint(token: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0") + token.length.toString(36);
}
