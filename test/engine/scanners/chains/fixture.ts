/**
 * @module Test fixture: the chains pack compiled once, chain settings built from partial
 * overrides, and small helpers to run a list of calls through classify + match the way a door does.
 */
import { compileChains, classifyCall, matchChains, DEFAULT_CHAIN_SETTINGS, type CallRecord, type ChainRuleOverrides, type ChainSettings, type CompiledChains } from "../../../../src/engine/scanners/chains/index.ts";
import type { Finding } from "../../../../src/engine/index.ts";
import { loadChainPack } from "./load-chain-pack.ts";

const pack = await loadChainPack();
if (pack.problems.length > 0) throw new Error(pack.problems.join("\n"));
export const chainRules = pack.rules;

export function chains(settings: Partial<ChainSettings> = {}, overrides: ChainRuleOverrides = {}): CompiledChains {
  return compileChains(chainRules, { ...DEFAULT_CHAIN_SETTINGS, ...settings }, overrides);
}

export const defaultChains = chains();

/** A call as [tool, arguments] or [tool, arguments, at ms]. */
export type Call = readonly [string, unknown] | readonly [string, unknown, number];

export const bash = (command: string): Call => ["bash", { command }];
export const readFile = (path: string): Call => ["read_file", { path }];
export const fetchUrl = (url: string): Call => ["fetch", { url }];
export const filler = (): Call => bash("npm test");

/** Run calls in order (default 1 s apart); findings of each call, and the final window. */
export function run(compiled: CompiledChains, calls: readonly Call[]): { perCall: Finding[][]; history: CallRecord[] } {
  let history: CallRecord[] = [];
  const perCall: Finding[][] = [];
  calls.forEach(([tool, args, at], i) => {
    const now = at ?? i * 1000;
    const record = classifyCall(compiled, tool, args, now);
    const result = matchChains(compiled, history, record, now);
    history = result.history;
    perCall.push(result.findings);
  });
  return { perCall, history };
}

/** Rule ids raised on the last call. */
export function lastIds(compiled: CompiledChains, calls: readonly Call[]): string[] {
  return (run(compiled, calls).perCall.at(-1) ?? []).map((f) => f.rule_id);
}

/** Every rule id raised anywhere in the sequence. */
export function allIds(compiled: CompiledChains, calls: readonly Call[]): string[] {
  return [...new Set(run(compiled, calls).perCall.flat().map((f) => f.rule_id))];
}
