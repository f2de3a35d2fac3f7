/**
 * @module McpScanner: everything the MCP door asks of the engine, behind one seam so door tests can
 * hand in a fake. `policyScanner` wires it to a compiled policy: `scan` runs a Subject, `scanTool`
 * caches tool-description verdicts by fingerprint, per policy and shared by every session (a policy
 * is immutable and the engine pure, so a tool already listed costs a hash, not a rescan), `chain`
 * checks a call against the session's window, `crossRequest` feeds a session's outbound pieces to
 * cross-request detection (split secrets), `decide` re-decides merged findings under the policy,
 * `strip` cuts injections out.
 */
import { BoundedMemo, decide as engineDecide, perOwner, scan, type CompiledPolicy, type Finding, type Resolver, type Subject, type Verdict } from "../../../engine/index.ts";
import type { StateStore } from "../../../engine/index.ts";
import type { CrossRequestFragment } from "../../../engine/scanners/cross-request/index.ts";
import { checkToolCallChain, type ChainCheck, type CrossRequestTracker } from "../../../state/index.ts";

export interface McpScanner {
  scan(subject: Subject): Promise<Verdict>;
  /** Tool-description verdict for a tool whose fingerprint is `fingerprint` (cached). */
  scanTool(tool: unknown, fingerprint: string): Promise<Verdict>;
  /** Chain detection for one call in `sessionId`; commit after the decision. */
  chain(sessionId: string, toolName: string, args: unknown): Promise<ChainCheck>;
  /**
   * Cross-request detection: record `fragments` under `sessionKey` and judge them with the
   * session's recent ones. Absent (or no tracker configured) = nothing tracked.
   */
  crossRequest?(sessionKey: string, fragments: readonly CrossRequestFragment[]): Promise<Verdict>;
  /** Decide a merged set of findings with the policy's suppressions and enforcement. */
  decide(findings: readonly Finding[], tool?: string): Verdict;
  /** The content with injections cut out, or undefined when it cannot be made clean. */
  strip(content: string): string | undefined;
}

/** Most tool-description verdicts kept per policy (past it the map starts over). */
export const MAX_TOOL_VERDICTS = 10_000;

export interface PolicyScannerOptions {
  readonly resolver?: Resolver;
  readonly deadlineMs?: number;
  /** Cross-request detection (`cross_request_detection`); absent = off. */
  readonly crossRequest?: CrossRequestTracker;
}

/**
 * `policy`: a compiled policy, or a getter for the current one (reloads: each scan uses the policy
 * current when it starts; cached tool verdicts belong to the policy that produced them).
 */
export function policyScanner(source: CompiledPolicy | (() => CompiledPolicy), store: StateStore, options: PolicyScannerOptions = {}): McpScanner {
  const current = typeof source === "function" ? source : () => source;
  const scanOptions = { ...(options.resolver ? { resolver: options.resolver } : {}), ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}) };
  return {
    scan: (subject) => scan(current(), subject, scanOptions),
    async scanTool(tool, fingerprint) {
      const policy = current();
      const verdicts = toolVerdictsFor(policy);
      const cached = verdicts.get(fingerprint);
      if (cached !== undefined) return cached;
      const verdict = await scan(policy, { kind: "tool_description", tool }, scanOptions);
      // Failures (timeouts) are not cached: the next list tries again.
      if (verdict.failure === undefined) verdicts.set(fingerprint, verdict);
      return verdict;
    },
    ...(options.crossRequest !== undefined ? { crossRequest: crossRequestOf(options.crossRequest, current) } : {}),
    chain: (sessionId, toolName, args) => checkToolCallChain(store, current().chains, sessionId, { toolName, arguments: args }),
    decide: (findings, tool) => engineDecide(findings, current().settings, tool !== undefined ? { tool } : {}),
    strip(content) {
      try {
        return current().injectionScanner.strip(content)?.text;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Tool-description verdicts by fingerprint, one map per compiled policy, shared by every scanner
 * (every session of a listener, every wrap in the process): the verdict is a pure function of the
 * policy and the fingerprinted fields (the scan reads nothing else of a tool), so a tool listed in
 * one session is not rescanned in the next. A reload brings a new policy and so an empty map.
 */
const toolVerdictsFor = perOwner((_policy: CompiledPolicy) => new BoundedMemo<string, Verdict>(MAX_TOOL_VERDICTS));

function crossRequestOf(tracker: CrossRequestTracker, current: () => CompiledPolicy): NonNullable<McpScanner["crossRequest"]> {
  return (sessionKey, fragments) => tracker.observe(sessionKey, fragments, current());
}
