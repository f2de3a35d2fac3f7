/**
 * @module What reassembly DLP must read for one observation. A secret that only the join reveals
 * crosses a boundary this observation created (one between the earlier pieces and the new ones, or
 * between two new ones): a match inside the earlier pieces alone is never reported (reassemble.ts),
 * so boundaries inside them need no second look. Most observations are ordinary traffic, and for
 * them the full DLP over every join (decoders, split pass, validators over digit runs of
 * concatenated ids) was the whole cost, so the joins are judged first, in plain JS:
 * - `full`: scan the joins as before when the prefilter (keywords, triggers) of a rule whose match
 *   can be longer than the windows below hits anywhere in them (assignments, JWTs, PEM blocks),
 *   when a run of token characters long enough for a key or an encoded payload crosses a new
 *   boundary, when a watched environment value may be present, when canaries are configured
 *   (their split search has its own rules), or when a rule has neither keywords nor a trigger;
 * - `windows`: only short rules (cards, SSNs, IBANs, WIF keys) have candidates near a new
 *   boundary; a match of theirs across it lies inside its window, so DLP reads just the windows;
 * - `none`: nothing can match across a new boundary (or only digit-run rules were woken and none
 *   of them confirms in the windows); DLP is skipped.
 */
import type { CompiledRule } from "../../match/compile-rule.ts";
import type { RuleSet } from "../../match/rule-set.ts";
import type { CompiledSecrets } from "../dlp/index.ts";
import { normalizeForDlp } from "../dlp/normalize-for-dlp.ts";

/** Rules whose matches are at most this long are "short": judged only near the new boundaries. */
export const MAX_SHORT_RULE_CHARS = 64;
/**
 * Characters each side of a new boundary that the `windows` scan reads: a short rule's match across
 * the boundary lies within MAX_SHORT_RULE_CHARS of it, and its keyword within as much of the match.
 */
export const BOUNDARY_WINDOW_CHARS = 2 * MAX_SHORT_RULE_CHARS;
/**
 * A run of token characters at least this long across a new boundary may be a key, a token or an
 * encoded payload split in two, and sends the joins to the full scan (digit-only runs are the
 * short digit rules' business; lower-case-only runs are words run together, and any keyword in
 * them is still seen by the prefilter).
 */
export const MIN_SPLIT_TOKEN_RUN = 16;

/** A join as its pieces: the gate works out its text and new boundaries. */
export interface PiecesJoin {
  /** Pieces in stream order. */
  readonly pieces: readonly string[];
  /** How many leading pieces were seen before this observation. */
  readonly priorCount: number;
  /** The pieces joined, when the caller has it already. */
  readonly joined?: string;
}

/** A join as the gate reads it: its text and the offsets (ascending) of the boundaries this observation created. */
export interface JoinedText {
  readonly joined: string;
  readonly boundaries: readonly number[];
}

export type GateJoin = PiecesJoin | JoinedText;

export type GateDecision = { readonly scan: "none" } | { readonly scan: "full" } | { readonly scan: "windows"; readonly text: string };

/** Letters, digits and the characters of base64, base64url, hex and percent encodings and common token separators. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45 || c === 37 || c === 46 || c >= 0x80;
}

/** Offsets in the join of the boundaries this observation created. */
function newBoundaries(join: GateJoin): readonly number[] {
  if ("boundaries" in join) return join.boundaries;
  const out: number[] = [];
  let at = 0;
  join.pieces.forEach((piece, i) => {
    if (i > 0 && i >= join.priorCount) out.push(at);
    at += piece.length;
  });
  return out;
}

function textOf(join: GateJoin): string {
  return "boundaries" in join ? join.joined : (join.joined ?? join.pieces.join(""));
}

/** Character classes seen in a run: digits, lower-case letters, anything else. */
const DIGIT = 1;
const LOWER = 2;
const OTHER = 4;

function classOf(c: number): number {
  return c >= 48 && c <= 57 ? DIGIT : c >= 97 && c <= 122 ? LOWER : OTHER;
}

/**
 * True when a long token run that could be a key crosses `at`: runs of digits only (ids, left to
 * the short digit rules) and of lower-case letters only (words run together) do not count.
 */
function tokenRunAcross(text: string, at: number): boolean {
  let classes = 0;
  let left = at;
  while (left > 0 && at - left < MIN_SPLIT_TOKEN_RUN && isTokenChar(text.charCodeAt(left - 1))) classes |= classOf(text.charCodeAt(--left));
  let right = at;
  // At least one character on the right is read even when the left side alone is long enough.
  while (right < text.length && (right === at || right - left < MIN_SPLIT_TOKEN_RUN) && isTokenChar(text.charCodeAt(right))) classes |= classOf(text.charCodeAt(right++));
  // Both sides must take part: a run that ends at the boundary is not split by it.
  return left < at && right > at && right - left >= MIN_SPLIT_TOKEN_RUN && classes !== DIGIT && classes !== LOWER;
}

/** Decide how much DLP the joins need (see the module comment). `separator` joins texts for one scan. */
export function gateJoins(dlp: RuleSet, secrets: CompiledSecrets | undefined, joins: readonly GateJoin[], separator: string): GateDecision {
  if (secrets !== undefined && secrets.canaryCount > 0) return { scan: "full" };
  const texts = joins.map(textOf);
  for (let i = 0; i < joins.length; i++) {
    for (const at of newBoundaries(joins[i]!)) if (tokenRunAcross(texts[i]!, at)) return { scan: "full" };
  }
  // Rules whose matches can reach past the windows are judged over the whole joins.
  const reachesFar = (rule: { readonly keywords: readonly string[]; readonly trigger?: unknown; readonly maxLength: number }) =>
    rule.maxLength > MAX_SHORT_RULE_CHARS || (rule.keywords.length === 0 && rule.trigger === undefined);
  const all = normalizeForDlp(texts.join(separator));
  let far = false;
  dlp.findMatches(all, {
    only: (rule) => {
      if (reachesFar(rule)) far = true;
      return false;
    },
  });
  if (far) return { scan: "full" };
  if (secrets !== undefined && secrets.envCount > 0) {
    let watched = false;
    secrets.find(all, () => {
      watched = true;
    });
    if (watched) return { scan: "full" };
  }
  const windows: string[] = [];
  joins.forEach((join, i) => {
    const text = texts[i]!;
    let from = -1;
    let to = -1;
    for (const at of newBoundaries(join)) {
      const start = Math.max(0, at - BOUNDARY_WINDOW_CHARS);
      if (from >= 0 && start > to) {
        windows.push(text.slice(from, to));
        from = -1;
      }
      if (from < 0) from = start;
      to = Math.min(text.length, at + BOUNDARY_WINDOW_CHARS);
    }
    if (from >= 0) windows.push(text.slice(from, to));
  });
  // Short rules (a card, an SSN, a WIF key) crossing a new boundary lie inside its window.
  const near = normalizeForDlp(windows.join(separator));
  const candidates = new Set<CompiledRule>();
  dlp.findMatches(near, {
    only: (rule) => {
      candidates.add(rule);
      return false;
    },
  });
  if (candidates.size === 0) return { scan: "none" };
  // Rules woken by a digit run (cards, SSNs, IBANs) and not by a keyword: their only way across a
  // boundary is the plain text of the windows (a token run long enough to hide one encoded went
  // to the full scan above, and the noise-stripped pass serves keyword rules), so they are
  // confirmed here, with their validators, before any decoding. Ordinary numeric traffic ends here.
  const woken = [...candidates];
  if (woken.every((rule) => rule.keywords.length === 0)) {
    if (!dlp.mayMatch(near, woken) || dlp.findMatches(near, { only: (rule) => candidates.has(rule) }).length === 0) return { scan: "none" };
  }
  return { scan: "windows", text: near };
}
