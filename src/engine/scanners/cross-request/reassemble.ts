/**
 * @module Fragment reassembly: the text DLP (scanTextDlp, with its decoders, split pass, canaries and
 * environment secrets) over the join of a stream's recent pieces. A catch counts only when the
 * pieces are needed for it: a rule that also matches inside any single piece is left to per-request
 * DLP (that also keeps a conversation resent in every body from being reported again and again),
 * one that matches within the earlier pieces alone was already judged when they arrived, and a rule
 * in warn mode is not escalated.
 */
import type { RuleSet } from "../../match/rule-set.ts";
import { BoundedMemo } from "../../memo/index.ts";
import type { Finding } from "../../types.ts";
import { isNumberShaped, scanTextDlp, type CompiledSecrets } from "../dlp/index.ts";
import { gateJoins } from "./boundary-gate.ts";
import { cleanJoinsKey, knownClean, rememberClean } from "./clean-joins-memo.ts";
import { SESSION_STREAM, type StreamRegion } from "./fragment-streams.ts";
import type { CrossRequestAction } from "./settings.ts";

/** The parts of a compiled policy reassembly needs. */
export interface ReassemblyPolicy {
  readonly dlp: RuleSet;
  readonly secrets?: CompiledSecrets;
}

export interface SplitSecret {
  /** The finding, rewritten for a reassembled secret. */
  readonly finding: Finding;
  /** Stream whose pieces held it. */
  readonly stream: string;
}

export const CROSS_REQUEST_LOCATION = "cross_request";
/** ATT&CK: Data Transfer Size Limits (exfiltration in chunks). */
const CHUNKED_EXFILTRATION = "T1030";

/**
 * Joins of different streams are scanned as one text first, apart by this, as a cheap gate: nearly
 * every observation ends there (most before any DLP, see boundary-gate.ts). Only when the gate
 * finds something is each join scanned alone.
 */
const GATE_SEPARATOR = "\n\n\n";

/** Secrets that only the join of two or more pieces reveals, one per rule. */
export function findSplitSecrets(policy: ReassemblyPolicy, regions: readonly StreamRegion[], action: CrossRequestAction): SplitSecret[] {
  const joins: Join[] = [];
  for (const region of regions) {
    const count = region.prior.length + region.added.length;
    if (count < 2) continue;
    const prior = region.prior.join("");
    const joined = region.added.length === 1 ? prior + region.added[0]! : prior + region.added.join("");
    // A field whose pieces sat next to each other in the session stream is covered by that join.
    if (joins.some((j) => j.joined.includes(joined))) continue;
    joins.push({ region, joined, boundaries: newBoundaries(region, prior.length) });
  }
  if (joins.length === 0) return [];
  // The gate and its DLP read only each join's text and new boundaries: a set judged clean before is clean.
  const key = cleanJoinsKey(joins);
  if (key !== undefined && knownClean(policy.dlp, policy.secrets, key)) return [];
  const needs = gateJoins(policy.dlp, policy.secrets, joins, GATE_SEPARATOR);
  const clean = needs.scan === "none" || !gateFinds(policy, needs.scan === "windows" ? needs.text : joins.map((j) => j.joined).join(GATE_SEPARATOR));
  if (clean) {
    if (key !== undefined) rememberClean(policy.dlp, policy.secrets, key);
    return [];
  }

  const out: SplitSecret[] = [];
  const reported = new Set<string>();
  for (const { region, joined } of joins) {
    const pieces = [...region.prior, ...region.added];
    const found = dlpOf(policy, joined).filter((f) => f.action !== "warn" && !reported.has(f.rule_id));
    if (found.length === 0) continue;
    const alone = new Set<string>();
    for (const piece of pieces) for (const f of dlpOf(policy, piece)) alone.add(f.rule_id);
    if (region.prior.length > 1) for (const f of dlpOf(policy, region.prior.join(""))) alone.add(f.rule_id);
    let digitsOnly: Set<string> | undefined;
    for (const f of found) {
      if (alone.has(f.rule_id) || reported.has(f.rule_id)) continue;
      if (numberShaped(policy.dlp, f.rule_id)) {
        // A number cut in pieces is made of pieces that are numbers (or account codes): digits a
        // hex id or a UUID happens to end with, run into the next request's counter, are no card
        // number. And one field's values over time are counters and pages far more often than a
        // number cut in pieces: there, each piece must carry a digit group (four digits or more).
        digitsOnly ??= new Set(dlpOf(policy, numericJoin(pieces, region.stream === SESSION_STREAM ? 1 : MIN_FIELD_PIECE_DIGITS)).map((g) => g.rule_id));
        if (!digitsOnly.has(f.rule_id)) continue;
      }
      reported.add(f.rule_id);
      out.push({ finding: splitFinding(f, pieces.length, action), stream: region.stream });
    }
  }
  return out;
}

/**
 * A piece that can be part of a number or account code written out: digits, capitals (an IBAN's
 * country and bank code) and the separators such numbers carry. Hex ids and UUIDs (lower case)
 * are not.
 */
const NUMERIC_PIECE = /^[\dA-Z \-.]+$/;

/** Digits a piece of a field stream needs to count toward a split number (a card's digit group). */
const MIN_FIELD_PIECE_DIGITS = 4;
const DIGITS = /\d/g;

/** The pieces joined as before, every piece that is not a number of at least `minDigits` digits replaced by a line break. */
function numericJoin(pieces: readonly string[], minDigits: number): string {
  let out = "";
  for (const piece of pieces) out += NUMERIC_PIECE.test(piece) && (piece.match(DIGITS)?.length ?? 0) >= minDigits ? piece : "\n";
  return out;
}

/** The ids of a rule set's number-shaped rules (card numbers, IBANs, SSNs). */
const numberShapedIds = new WeakMap<RuleSet, ReadonlySet<string>>();
function numberShaped(dlp: RuleSet, ruleId: string): boolean {
  let ids = numberShapedIds.get(dlp);
  if (ids === undefined) {
    ids = new Set(dlp.rules.filter(isNumberShaped).map((r) => r.id));
    numberShapedIds.set(dlp, ids);
  }
  return ids.has(ruleId);
}

interface Join {
  readonly region: StreamRegion;
  readonly joined: string;
  /** Offsets in `joined` of the boundaries this observation created. */
  readonly boundaries: readonly number[];
}

/** The boundary between the earlier pieces and the new ones (when there are earlier ones), and those between new ones. */
function newBoundaries(region: StreamRegion, priorChars: number): number[] {
  const out: number[] = region.prior.length > 0 ? [priorChars] : [];
  let at = priorChars;
  for (let i = 0; i < region.added.length - 1; i++) out.push((at += region.added[i]!.length));
  return out;
}

/** Gate answers remembered per policy (bounded; pure in (rules, secrets, text)), and the longest text remembered. */
export const MAX_GATE_MEMO = 1024;
export const MAX_GATE_MEMO_CHARS = 2048;
const gateMemos = new WeakMap<RuleSet, { secrets: CompiledSecrets | undefined; answers: BoundedMemo<string, boolean> }>();

/**
 * Does DLP find anything that is not a warning in the gate's text? Repeated traffic (the same ids,
 * counters and words around the boundaries) asks the same question again and again, so short
 * texts' answers are remembered per policy.
 */
function gateFinds(policy: ReassemblyPolicy, text: string): boolean {
  let memo = gateMemos.get(policy.dlp);
  if (memo === undefined || memo.secrets !== policy.secrets) {
    memo = { secrets: policy.secrets, answers: new BoundedMemo(MAX_GATE_MEMO) };
    gateMemos.set(policy.dlp, memo);
  }
  const known = memo.answers.get(text);
  if (known !== undefined) return known;
  const answer = dlpOf(policy, text).some((f) => f.action !== "warn");
  if (text.length <= MAX_GATE_MEMO_CHARS) memo.answers.set(text, answer);
  return answer;
}

function dlpOf(policy: ReassemblyPolicy, text: string): Finding[] {
  return scanTextDlp(policy.dlp, text, { location: CROSS_REQUEST_LOCATION }, policy.secrets);
}

function splitFinding(f: Finding, pieces: number, action: CrossRequestAction): Finding {
  const mitre = f.mitre?.includes(CHUNKED_EXFILTRATION) ? f.mitre : [...(f.mitre ?? []), CHUNKED_EXFILTRATION];
  return {
    ...f,
    action,
    location: CROSS_REQUEST_LOCATION,
    message: `${f.message} after joining the last ${pieces} outbound pieces of this session: a secret sent in fragments`,
    encoding: f.encoding && f.encoding !== "plaintext" ? `fragments+${f.encoding}` : "fragments",
    mitre,
  };
}
