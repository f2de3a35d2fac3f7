/**
 * @module What every HTTP door is handed by the composition root (src/commands/run.ts): a way to
 * capture the current policy once per request, the pinning connector (tunnels, WebSockets) and the
 * pinned fetch (HTTP exchanges), the live-connection registry, the event
 * sink and the body-inspection tools. Doors never read config files or build policies themselves.
 */
import type { Finding, Resolver, Subject, Verdict } from "../../engine/index.ts";
import type { CrossRequestInput } from "../../engine/scanners/cross-request/index.ts";
import type { EventSink } from "../../evidence/index.ts";
import type { Connector, PinnedFetch } from "../upstream/index.ts";
import type { Inspection } from "./inspection.ts";
import type { LiveConnections } from "./live-connections.ts";
import type { ProxyAuthSettings } from "./proxy-auth.ts";

export type HeaderMode = "sensitive" | "all";

/** Door settings derived from the config, swapped with the policy on reload. */
export interface HttpSettings {
  readonly explainBlocks: boolean;
  readonly auth: ProxyAuthSettings;
  readonly forward: {
    readonly enabled: boolean;
    /** 0 = no limit. */
    readonly maxTunnelMs: number;
    /** 0 = no limit. */
    readonly idleTimeoutMs: number;
    readonly sniVerification: boolean;
    readonly maxTunnels: number;
  };
  readonly fetch: {
    /** Upstream response-header deadline, and the whole-fetch deadline for /fetch. */
    readonly timeoutMs: number;
    readonly maxResponseBytes: number;
    readonly userAgent: string;
  };
  readonly body: {
    /** request_body_scanning.enabled: scan request bodies (and headers, with scanHeaders). */
    readonly enabled: boolean;
    /** `warn`: a policy deny on headers or body is recorded and passed (failures still deny). */
    readonly action: "block" | "warn";
    readonly maxBodyBytes: number;
    /** Deadline for receiving a whole request body (slow clients). */
    readonly readTimeoutMs: number;
    readonly scanHeaders: boolean;
    readonly headerMode: HeaderMode;
  };
  readonly response: {
    /** Injection scanning of text responses (response_scanning.enabled). */
    readonly enabled: boolean;
  };
}

export interface ScanRequestOptions {
  readonly resolver?: Resolver;
  readonly signal?: AbortSignal;
}

/** The policy as one request sees it: captured at the start, kept to the end (DESIGN.md §1). */
export interface PolicyView {
  readonly settings: HttpSettings;
  scan(subject: Subject, options?: ScanRequestOptions): Promise<Verdict>;
  /**
   * Cross-request detection (cross_request_detection): record one request's (or WebSocket message's)
   * outbound pieces under a session key and judge them with the session's recent ones. Absent when
   * the section is off, so a door pays nothing then. Never rejects (failures are deny verdicts).
   */
  readonly crossRequest?: (sessionKey: string, input: CrossRequestInput) => Promise<Verdict>;
  /** The policy's injection spans cut out of `text` (the `strip` action); undefined when it cannot. */
  stripInjection(text: string): string | undefined;
}

/** A refused admission: the finding for the event and block page, and when to retry. */
export interface AdmissionRefusal {
  readonly finding: Finding;
  readonly retryAfterSec: number;
}

/** Per-domain admission (rate limits, data budgets); absent = no limits. */
export interface Admission {
  /** Count one request to `host` for `agent` (sending `bytes`); a refusal when over a limit. Never throws. */
  admit(host: string, agent: string | undefined, bytes: number): Promise<AdmissionRefusal | undefined>;
  /** Record bytes received from `host` (data budgets). Never throws, never blocks the caller. */
  record(host: string, agent: string | undefined, bytes: number): void;
}

export interface HttpDoorContext {
  readonly view: () => PolicyView;
  /** Base resolver (static hosts in front of system DNS); wrap per request with recordingResolver. */
  readonly resolver: Resolver;
  readonly connector: Connector;
  /** HTTP requests upstream through fetch(), pinned to the checked address (forward exchanges). */
  readonly pinnedFetch: PinnedFetch;
  readonly sink: EventSink;
  readonly inspection: Inspection;
  readonly admission?: Admission;
  /** The kill switch: a reason while it is engaged (every door denies first), else undefined. */
  readonly killSwitch?: () => string | undefined;
  /** Tunnels, intercepted connections and WebSocket relays in progress, cut when the kill switch engages. */
  readonly live?: LiveConnections;
}
