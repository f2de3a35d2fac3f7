/**
 * @module createCrossRequestTracker: the door-facing side of cross-request detection. A door hands
 * it each request's outbound pieces (query values, body leaves, MCP arguments, WebSocket frames)
 * under a session key; it keeps the session's fragment buffer and entropy budget in a StateStore and
 * answers with a Verdict, as `scan` does. Observations of one session in this process are applied
 * one after another, in arrival order (parallel requests of one agent are ordinary, and racing them
 * through compare-and-set made the losers run out of retries and deny); the state update is still
 * compare-and-set (retried a bounded number of times; the cheap part only) for stores shared with
 * other processes, reassembly DLP runs once outside the retry loop, and any failure — store error,
 * contention, scanner error — is a deny, never an allow.
 */
import { decide, failClosed, type CompiledPolicy, type Verdict } from "../engine/index.ts";
import {
  advanceCrossRequest,
  crossRequestActive,
  forgetDetected,
  inspectCrossRequest,
  readCrossRequestState,
  type CrossRequestAdvance,
  type CrossRequestFragment,
  type CrossRequestInput,
  type CrossRequestSettings,
} from "../engine/scanners/cross-request/index.ts";
import { stateKey, STATE_NAMESPACES, type StateStore, type StateValue } from "../engine/state/index.ts";
import { sessionQueue } from "./session-queue.ts";

/** Compare-and-set attempts before an observation gives up (and denies). */
export const MAX_STATE_ATTEMPTS = 8;

export interface CrossRequestTracker {
  readonly settings: CrossRequestSettings;
  /**
   * Record one request's (or frame's, or tool call's) outbound pieces for `sessionKey` and judge
   * them with the recent ones. Never rejects: failures come back as deny verdicts.
   */
  observe(sessionKey: string, input: CrossRequestInput | readonly CrossRequestFragment[], policy: CompiledPolicy): Promise<Verdict>;
  /** Forget a session (client disconnected, kill-switch reset). */
  forget(sessionKey: string): Promise<void>;
}

export interface CrossRequestTrackerOptions {
  /** Milliseconds since the epoch. Default Date.now. */
  readonly now?: () => number;
}

const ALLOW: Verdict = Object.freeze({ decision: "allow", action: "allow", findings: Object.freeze([]), warned: false });

/**
 * A tracker over `store`. Give it a store of its own sized for the sessions you expect
 * (`new MemoryStateStore({ maxKeys: 1000 })`): each session is one key holding at most
 * `fragments.maxBufferChars` characters plus a bounded budget record, so the store's key bound is
 * the session bound.
 */
export function createCrossRequestTracker(store: StateStore, settings: CrossRequestSettings, options: CrossRequestTrackerOptions = {}): CrossRequestTracker {
  const now = options.now ?? Date.now;
  const ttlMs = Math.max(settings.fragments.enabled ? settings.fragments.windowMs : 0, settings.entropyBudget.enabled ? settings.entropyBudget.windowMs : 0);
  const inTurn = sessionQueue();
  const observeNow = async (sessionKey: string, input: CrossRequestInput | readonly CrossRequestFragment[], policy: CompiledPolicy): Promise<Verdict> => {
    try {
      const observation: CrossRequestInput = Array.isArray(input) ? { fragments: input } : (input as CrossRequestInput);
      const at = now();
      const key = stateKey(STATE_NAMESPACES.crossRequest, sessionKey);
      const advance = await advanceStored(store, key, (prior) => advanceCrossRequest(prior, observation, settings, at), ttlMs);
      const inspection = inspectCrossRequest(advance, policy, settings);
      if (inspection.detectedStreams.length > 0) {
        // Best effort: a concurrent writer may win; the next detection then forgets again.
        await advanceStored(store, key, (prior) => ({ state: forgetDetected(prior, inspection.detectedStreams, at), regions: [] }), ttlMs).catch(() => undefined);
      }
      if (inspection.findings.length === 0) return ALLOW;
      return decide(inspection.findings, policy.settings, observation.host ? { host: observation.host } : {});
    } catch (err) {
      return failClosed(err);
    }
  };
  return {
    settings,
    observe(sessionKey, input, policy) {
      if (!crossRequestActive(settings)) return Promise.resolve(ALLOW);
      return inTurn(sessionKey, () => observeNow(sessionKey, input, policy));
    },
    async forget(sessionKey) {
      await store.delete(stateKey(STATE_NAMESPACES.crossRequest, sessionKey));
    },
  };
}

/** Read, transform and compare-and-set the session state, retrying on a concurrent write. */
async function advanceStored(
  store: StateStore,
  key: string,
  step: (prior: ReturnType<typeof readCrossRequestState>) => CrossRequestAdvance,
  ttlMs: number,
): Promise<CrossRequestAdvance> {
  for (let attempt = 0; attempt < MAX_STATE_ATTEMPTS; attempt++) {
    const current = await store.get<StateValue>(key);
    const advance = step(readCrossRequestState(current?.value));
    if (await store.compareAndSet(key, current?.version, advance.state as unknown as StateValue, ttlMs)) return advance;
  }
  throw new Error(`cross-request state for one session changed ${MAX_STATE_ATTEMPTS} times during one update`);
}
