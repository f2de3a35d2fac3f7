/**
 * @module One observation of outbound pieces for a session, as pure functions of (prior state,
 * pieces, policy, settings, time). Split in two so a store-backed caller can retry the cheap part
 * under compare-and-set and run DLP once: `advanceCrossRequest` (expire, append, trim, charge the
 * entropy budget) and `inspectCrossRequest` (reassembly DLP over the regions the advance produced);
 * `observeCrossRequest` does both. After a reassembled secret is reported, the streams that held it
 * are emptied (`forgetDetected`), so one leak attempt is reported once, not on every later request.
 */
import type { Finding } from "../../types.ts";
import { matchDomain } from "../url/index.ts";
import { entropyBudgetFinding } from "./budget-finding.ts";
import { spendEntropyBudget } from "./entropy-budget.ts";
import { appendPieces, expireStreams, fieldStream, forgetStreams, SESSION_STREAM, type StreamPiece, type StreamRegion } from "./fragment-streams.ts";
import type { CrossRequestFragment } from "./fragments.ts";
import { findSplitSecrets, type ReassemblyPolicy } from "./reassemble.ts";
import { crossRequestActive, MAX_FRAGMENTS_PER_OBSERVATION, type CrossRequestSettings } from "./settings.ts";
import { wellFormed, type CrossRequestState } from "./state.ts";

export interface CrossRequestInput {
  readonly fragments: readonly CrossRequestFragment[];
  /** Destination host: entropy-budget exemptions and the finding's exemption hint. */
  readonly host?: string;
}

export interface CrossRequestAdvance {
  /** State with this observation recorded (write it back). */
  readonly state: CrossRequestState;
  /** What reassembly must scan. */
  readonly regions: readonly StreamRegion[];
  /** Set when this observation took the session over its entropy budget. */
  readonly budgetFinding?: Finding;
}

export interface CrossRequestInspection {
  readonly findings: readonly Finding[];
  /** Streams that held a reassembled secret (to forget). */
  readonly detectedStreams: readonly string[];
}

export interface CrossRequestObservation {
  readonly state: CrossRequestState;
  readonly findings: readonly Finding[];
}

const NOTHING_FOUND: CrossRequestInspection = Object.freeze({ findings: Object.freeze([]), detectedStreams: Object.freeze([]) });

/** Record the pieces and charge the budget; cheap and deterministic. */
export function advanceCrossRequest(prior: CrossRequestState, input: CrossRequestInput, settings: CrossRequestSettings, now: number): CrossRequestAdvance {
  if (!crossRequestActive(settings)) return { state: prior, regions: [] };
  const fragments = input.fragments.slice(0, MAX_FRAGMENTS_PER_OBSERVATION).filter((f) => typeof f.text === "string" && f.text.length > 0);
  let streams = prior.streams;
  let regions: readonly StreamRegion[] = [];
  if (settings.fragments.enabled) {
    const advanced = appendPieces(expireStreams(prior.streams, now - settings.fragments.windowMs), piecesOf(fragments), settings.fragments, now);
    streams = advanced.streams;
    regions = advanced.regions;
  }
  const budget = settings.entropyBudget;
  if (!budget.enabled || isExempt(input.host, budget.exemptDomains)) {
    return { state: wellFormed(streams, prior.spent, prior.seen), regions };
  }
  const spend = spendEntropyBudget(prior, fragments.map((f) => f.text), budget, now);
  const state = wellFormed(streams, spend.spent, spend.seen);
  return spend.exceeded ? { state, regions, budgetFinding: entropyBudgetFinding(spend.windowBits, budget, input.host) } : { state, regions };
}

/** Reassembly DLP over the advance's regions. */
export function inspectCrossRequest(advance: CrossRequestAdvance, policy: ReassemblyPolicy, settings: CrossRequestSettings): CrossRequestInspection {
  const split = advance.regions.length > 0 ? findSplitSecrets(policy, advance.regions, settings.action) : [];
  if (split.length === 0 && advance.budgetFinding === undefined) return NOTHING_FOUND;
  const findings = [...split.map((s) => s.finding), ...(advance.budgetFinding ? [advance.budgetFinding] : [])];
  return { findings, detectedStreams: [...new Set(split.map((s) => s.stream))] };
}

/** State without the pieces (received up to `upTo`) of streams that held a reassembled secret. */
export function forgetDetected(state: CrossRequestState, detectedStreams: readonly string[], upTo: number): CrossRequestState {
  return detectedStreams.length === 0 ? state : wellFormed(forgetStreams(state.streams, detectedStreams, upTo), state.spent, state.seen);
}

/** Advance, inspect and forget in one pure step. */
export function observeCrossRequest(prior: CrossRequestState, input: CrossRequestInput, policy: ReassemblyPolicy, settings: CrossRequestSettings, now: number): CrossRequestObservation {
  const advance = advanceCrossRequest(prior, input, settings, now);
  const inspection = inspectCrossRequest(advance, policy, settings);
  return { state: forgetDetected(advance.state, inspection.detectedStreams, now), findings: inspection.findings };
}

/** Each fragment goes to the session stream (unless field-only) and to its field's stream. */
function piecesOf(fragments: readonly CrossRequestFragment[]): StreamPiece[] {
  const pieces: StreamPiece[] = [];
  for (const f of fragments) {
    if (!f.fieldOnly) pieces.push({ stream: SESSION_STREAM, text: f.text });
    if (f.field !== undefined && f.field.length > 0) pieces.push({ stream: fieldStream(f.field), text: f.text });
  }
  return pieces;
}

function isExempt(host: string | undefined, exempt: readonly string[]): boolean {
  return host !== undefined && host.length > 0 && exempt.some((d) => matchDomain(host, d));
}
