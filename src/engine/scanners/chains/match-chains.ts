/**
 * @module matchChains: the pure core of chain detection. Given the session's recent calls and the
 * new one, report every chain whose last step is the new call and whose earlier steps appear, in
 * order, in the window (last `windowSize` calls, none older than `windowMs`), with at most
 * `maxGap` other calls between consecutive steps. Each call serves at most one step. Returns the
 * findings and the new window; the caller persists the window (keyed by session) through the
 * StateStore.
 */
import type { Finding } from "../../types.ts";
import { chainFinding } from "./chain-finding.ts";
import type { CallRecord, CompiledChain, CompiledChains } from "./types.ts";

export interface ChainMatch {
  readonly chain: CompiledChain;
  /** The calls that made up the chain, one per step, oldest first. */
  readonly calls: readonly CallRecord[];
}

export interface ChainResult {
  readonly findings: Finding[];
  /** The window after this call: bounded by count and age, newest last. */
  readonly history: CallRecord[];
}

/** Match `call` against the window. Never throws on malformed history entries (they are dropped). */
export function matchChains(compiled: CompiledChains, history: readonly CallRecord[], call: CallRecord, now: number): ChainResult {
  if (!compiled.enabled) return { findings: [], history: [...history] };
  const window = windowWith(compiled, history, call, now);
  const findings = findChainMatches(compiled, window).map((m) => chainFinding(m.chain, m.calls));
  return { findings, history: window };
}

/** The window as it stands after `call`: valid records only, not older than windowMs, the last windowSize. */
export function windowWith(compiled: CompiledChains, history: readonly CallRecord[], call: CallRecord, now: number): CallRecord[] {
  const oldest = now - compiled.windowMs;
  const kept: CallRecord[] = [];
  const from = Math.max(0, history.length - compiled.windowSize);
  for (let i = from; i < history.length; i++) {
    const r = history[i];
    if (isRecord(r) && r.at >= oldest) kept.push(r);
  }
  kept.push(call);
  return kept.length > compiled.windowSize ? kept.slice(kept.length - compiled.windowSize) : kept;
}

/** Every chain completed by the last record of `window`, with one witnessing path each. */
export function findChainMatches(compiled: CompiledChains, window: readonly CallRecord[]): ChainMatch[] {
  const last = window[window.length - 1];
  if (!last || last.classes.length === 0) return [];
  const out: ChainMatch[] = [];
  for (const chain of compiled.chains) {
    const path = matchPath(chain.steps, window, compiled.maxGap);
    if (path) out.push({ chain, calls: path.map((i) => window[i]!) });
  }
  return out;
}

/**
 * Indices (ascending) of one way to read `steps` in `window` ending at its last record, or undefined.
 * Works backwards: `reach[j]` holds the records that can be step j and still finish the chain, so a
 * late false start never hides an earlier valid one. O(steps × window × gap).
 */
function matchPath(steps: readonly (readonly string[])[], window: readonly CallRecord[], maxGap: number): number[] | undefined {
  const k = steps.length;
  const n = window.length;
  if (k === 0 || k > n || !hasAny(window[n - 1]!, steps[k - 1]!)) return undefined;
  // reach[j * n + i] = 1: record i can be step j and the rest of the chain still follows.
  const reach = new Uint8Array(k * n);
  reach[(k - 1) * n + n - 1] = 1;
  for (let j = k - 2; j >= 0; j--) {
    let any = false;
    const next = (j + 1) * n;
    for (let i = j; i < n - 1; i++) {
      if (!hasAny(window[i]!, steps[j]!)) continue;
      const last = Math.min(n - 1, i + 1 + maxGap);
      for (let p = i + 1; p <= last; p++) {
        if (reach[next + p]) {
          reach[j * n + i] = 1;
          any = true;
          break;
        }
      }
    }
    if (!any) return undefined;
  }
  // Walk forwards, taking the latest valid start and then the nearest valid next step.
  let at = -1;
  for (let i = n - 1; i >= 0 && at < 0; i--) if (reach[i]) at = i;
  const path = [at];
  for (let j = 1; j < k; j++) {
    let next = -1;
    const last = Math.min(n - 1, at + 1 + maxGap);
    for (let p = at + 1; p <= last && next < 0; p++) if (reach[j * n + p]) next = p;
    if (next < 0) return undefined;
    path.push(next);
    at = next;
  }
  return path;
}

function hasAny(record: CallRecord, classes: readonly string[]): boolean {
  for (const c of classes) if (record.classes.includes(c)) return true;
  return false;
}

function isRecord(r: unknown): r is CallRecord {
  if (r === null || typeof r !== "object") return false;
  const o = r as Partial<CallRecord>;
  return typeof o.at === "number" && Number.isFinite(o.at) && typeof o.tool === "string" && Array.isArray(o.classes) && o.classes.every((c) => typeof c === "string");
}
