/**
 * @module Composition of the HTTP doors for `pipelock run`: door settings from the config, the
 * resolver (dns.static_hosts in front of system DNS), the pinning connector and fetch, admission
 * (rate limits, data budgets), the body inspection, and the interim stderr event sink. Everything
 * reads the *current* policy build, so a reload (SIGHUP) reaches new requests only.
 */
import { scan, type Resolver } from "../engine/index.ts";
import { crossRequestActive } from "../engine/scanners/cross-request/index.ts";
import type { DecisionEvent, EventSink } from "../evidence/index.ts";
import { bodyInspection } from "../doors/body/index.ts";
import { BODY_READ_TIMEOUT_MS, createLiveConnections, type Admission, type HttpDoorContext, type HttpSettings, type Inspection, type LiveConnections, type PolicyView } from "../doors/http/index.ts";
import { createSystemResolver } from "../doors/resolver/index.ts";
import { createConnector, createDial, createPinnedFetch, staticHostsResolver, type Connector, type DestinationCheck, type Dial, type FetchDial } from "../doors/upstream/index.ts";
import type { PolicyBuild } from "../policy/index.ts";
import { toCrossRequestSettings, toRequestBodySettings, toRequestLimitSettings, toTlsInterceptionSettings } from "../config/index.ts";
import type { ScanApiSettings } from "../doors/scanapi/index.ts";
import { CaError, openInterception, type OpenedInterception } from "../doors/tls/index.ts";
import { ENGINE_VERSION } from "../version.ts";
import { parseDuration } from "./check.ts";
import { UsageError } from "./_io.ts";
import { createCrossRequestTracker, createRequestLimits, MemoryStateStore } from "../state/index.ts";

const MIB = 1024 * 1024;
const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** Keys in the rate-limit store (a few per agent × base domain); kept across reloads. */
const LIMIT_STATE_KEYS = 100_000;
/** Sessions (agent × client address) whose cross-request fragments are kept; kept across reloads. */
const CROSS_REQUEST_SESSIONS = 10_000;

const settingsCache = new WeakMap<PolicyBuild, HttpSettings>();

/** Door settings for one policy build (computed once per build). */
export function httpSettingsFor(build: PolicyBuild): HttpSettings {
  const cached = settingsCache.get(build);
  if (cached) return cached;
  const c = build.config.config;
  const fp = c.forward_proxy;
  const rb = toRequestBodySettings(c.request_body_scanning);
  const settings: HttpSettings = Object.freeze({
    explainBlocks: c.explain_blocks,
    auth: { users: fp.auth.users, bearerTokens: fp.auth.bearer_tokens },
    forward: {
      enabled: fp.enabled,
      maxTunnelMs: fp.max_tunnel_seconds * 1000,
      idleTimeoutMs: fp.idle_timeout_seconds * 1000,
      sniVerification: fp.sni_verification,
      maxTunnels: fp.max_tunnels,
    },
    fetch: {
      timeoutMs: c.fetch_proxy.timeout_seconds > 0 ? c.fetch_proxy.timeout_seconds * 1000 : DEFAULT_FETCH_TIMEOUT_MS,
      maxResponseBytes: Math.max(1, c.fetch_proxy.max_response_mb) * MIB,
      userAgent: c.fetch_proxy.user_agent,
    },
    body: {
      enabled: rb.enabled,
      action: rb.action,
      maxBodyBytes: rb.maxBodyBytes,
      readTimeoutMs: BODY_READ_TIMEOUT_MS,
      scanHeaders: rb.scanHeaders,
      headerMode: rb.headerMode,
    },
    response: { enabled: c.response_scanning.enabled },
  });
  settingsCache.set(build, settings);
  return settings;
}

/** dns.static_hosts in front of the system resolver (or alone with dns.system: false). */
export function resolverFor(build: PolicyBuild): Resolver {
  const dns = build.config.config.dns;
  const system = dns.system ? createSystemResolver() : undefined;
  if (Object.keys(dns.static_hosts).length === 0 && system) return system;
  return staticHostsResolver({ hosts: dns.static_hosts, fallback: system });
}

export interface DoorRuntime {
  readonly ctx: HttpDoorContext;
  /** The resolver that follows reloads (for the Scan API too). */
  readonly resolver: Resolver;
  readonly connector: Connector;
  /** Tunnels, intercepted connections and WebSocket relays in progress (see cutOnKillSwitch). */
  readonly live: LiveConnections;
  /** Rebuild what depends on the config after a reload. */
  reloaded(build: PolicyBuild): void;
}

export interface DoorRuntimeOptions {
  readonly current: () => PolicyBuild;
  readonly sink: EventSink;
  /** Body inspection (default: src/doors/body). */
  readonly inspection?: Inspection;
  /** Extra upstream CA certificates (PEM). */
  readonly extraCa?: readonly string[];
  /** The kill switch (src/ops): a reason while engaged. */
  readonly killSwitch?: () => string | undefined;
  /** Tests: adjust the door settings derived from the config (e.g. shorter deadlines). */
  readonly tune?: (settings: HttpSettings) => HttpSettings;
  /** Tests: a resolver instead of dns.static_hosts + system DNS. */
  readonly resolver?: Resolver;
  /** Tests: a dialer instead of node:net/tls (e.g. one that records targets). */
  readonly dial?: Dial;
  /** Tests: what sends pinned fetch() requests (e.g. one that records targets). */
  readonly fetchDial?: FetchDial;
}

/** The header lists of a build's request_body_scanning section (read per request: kept per build). */
const headerListsByBuild = new WeakMap<PolicyBuild, { readonly sensitive: readonly string[]; readonly ignore: readonly string[] }>();
function headerListsOf(build: PolicyBuild): { readonly sensitive: readonly string[]; readonly ignore: readonly string[] } {
  let lists = headerListsByBuild.get(build);
  if (lists === undefined) {
    const rb = toRequestBodySettings(build.config.config.request_body_scanning);
    lists = { sensitive: rb.sensitiveHeaders, ignore: rb.ignoreHeaders };
    headerListsByBuild.set(build, lists);
  }
  return lists;
}

export function createDoorRuntime(o: DoorRuntimeOptions): DoorRuntime {
  let activeResolver = o.resolver ?? resolverFor(o.current());
  const resolver: Resolver = { resolve: (host, signal) => activeResolver.resolve(host, signal) };
  const check: DestinationCheck = (url, r, signal) => scan(o.current().policy, { kind: "url", url }, { resolver: r, ...(signal ? { signal } : {}) });
  const connector = createConnector({ resolver, check, dial: o.dial ?? createDial({ ...(o.extraCa ? { extraCa: o.extraCa } : {}) }) });
  const pinnedFetch = createPinnedFetch({ resolver, check, ...(o.extraCa ? { extraCa: o.extraCa } : {}), ...(o.fetchDial ? { fetchDial: o.fetchDial } : {}) });
  const live = createLiveConnections(o.sink);
  const limitState = new MemoryStateStore({ maxKeys: LIMIT_STATE_KEYS });
  let admission = admissionFor(o.current(), limitState);
  const crossRequestState = new MemoryStateStore({ maxKeys: CROSS_REQUEST_SESSIONS });
  const views = new WeakMap<PolicyBuild, PolicyView>();
  const view = (): PolicyView => {
    const build = o.current();
    let v = views.get(build);
    if (!v) {
      const policy = build.policy;
      // One tracker per build (its settings), one store for all of them: a reload keeps what sessions sent.
      const crossSettings = toCrossRequestSettings(build.config.config.cross_request_detection);
      const tracker = crossRequestActive(crossSettings) ? createCrossRequestTracker(crossRequestState, crossSettings) : undefined;
      v = {
        settings: o.tune ? o.tune(httpSettingsFor(build)) : httpSettingsFor(build),
        scan: (subject, options) => scan(policy, subject, { resolver: options?.resolver ?? resolver, ...(options?.signal ? { signal: options.signal } : {}) }),
        stripInjection: (text) => {
          try {
            return policy.injectionScanner.strip(text)?.text;
          } catch {
            return undefined;
          }
        },
        ...(tracker ? { crossRequest: (key: string, input: Parameters<typeof tracker.observe>[1]) => tracker.observe(key, input, policy) } : {}),
      };
      views.set(build, v);
    }
    return v;
  };
  const ctx: HttpDoorContext = {
    view,
    resolver,
    connector,
    pinnedFetch,
    sink: o.sink,
    inspection:
      o.inspection ??
      bodyInspection({
        headerLists: () => headerListsOf(o.current()),
        // `strip` on injection cuts exactly the spans the scanner matched (its result is rescanned
        // before it is trusted); other subjects fall back to locating spans by bisection.
        strip: async (text, kind) => (kind === "content" ? o.current().policy.injectionScanner.strip(text)?.text : undefined),
      }),
    admission: {
      admit: (host, agent, bytes) => admission.admit(host, agent, bytes),
      record: (host, agent, bytes) => admission.record(host, agent, bytes),
    },
    ...(o.killSwitch ? { killSwitch: o.killSwitch } : {}),
    live,
  };
  return {
    ctx,
    resolver,
    connector,
    live,
    reloaded(build) {
      activeResolver = o.resolver ?? resolverFor(build);
      admission = admissionFor(build, limitState);
    },
  };
}

/** What cutOnKillSwitch needs from src/ops's KillSwitch. */
export interface KillSwitchFeed {
  onChange(listener: (active: boolean) => void): () => void;
  reason(): string | undefined;
}

/** Whenever the kill switch engages, cut every live connection (egress stops now); returns the unsubscribe. */
export function cutOnKillSwitch(killSwitch: KillSwitchFeed, live: LiveConnections): () => void {
  return killSwitch.onChange((active) => {
    if (active) live.cutAll(killSwitch.reason() ?? "kill switch engaged");
  });
}

/** Rate limits and data budgets: fetch_proxy.monitoring per base domain, plus the rate_limits section. */
function admissionFor(build: PolicyBuild, store: MemoryStateStore): Admission {
  const c = build.config.config;
  const limits = createRequestLimits(store, toRequestLimitSettings(c.fetch_proxy.monitoring, c.rate_limits));
  return {
    async admit(host, agent, bytes) {
      const d = await limits.checkRequest(agent ?? "", host, bytes);
      return d.ok ? undefined : { finding: d.finding, retryAfterSec: d.retryAfterSec };
    },
    record(host, agent, bytes) {
      limits.recordBytes(agent ?? "", host, bytes).catch(() => {});
    },
  };
}

/**
 * One redacted line per deny on stderr (`logging.include_blocked`), teed in front of `next` (the
 * evidence pipeline: recorder, metrics, emitters).
 */
export function stderrDenySink(write: (line: string) => void, enabled: () => boolean = () => true, next?: EventSink): EventSink {
  return {
    emit(e: DecisionEvent) {
      next?.emit(e);
      if (e.decision !== "deny" || !enabled()) return;
      const top = e.findings.find((f) => f.action === "block") ?? e.findings[0];
      const why = top ? `${top.rule_id}: ${top.message}` : (e.failure ?? "denied");
      write(`pipelock: deny ${e.door} ${e.method ?? "-"} ${e.target ?? "-"} ${e.status ?? "-"} ${why}`.slice(0, 600));
    },
  };
}

/** TLS interception from the config; enabled without a usable CA is a start-up error (fail closed). */
export function openInterceptionOrFail(build: PolicyBuild): OpenedInterception | undefined {
  try {
    const baseDir = build.config.baseDir;
    return openInterception(toTlsInterceptionSettings(build.config.config.tls_interception), baseDir ? { configDir: baseDir } : {});
  } catch (err) {
    if (err instanceof CaError || (err as { code?: string })?.code === "ENOENT") {
      throw new UsageError(`tls_interception is enabled but the CA cannot be used (${(err as Error).message}); create one with \`pipelock tls init\` or disable interception`);
    }
    throw err;
  }
}

/** Scan API settings from the running config (read per request: a reload applies). */
export function scanApiSettingsFor(build: PolicyBuild): ScanApiSettings {
  const s = build.config.config.scan_api;
  return {
    bearerTokens: s.auth.bearer_tokens,
    requestsPerMinute: s.rate_limit.requests_per_minute,
    burst: s.rate_limit.burst,
    maxBodyBytes: s.max_body_bytes,
    fieldLimits: s.field_limits,
    scanTimeoutMs: parseDuration(s.timeouts.scan),
    readTimeoutMs: parseDuration(s.timeouts.read),
    writeTimeoutMs: parseDuration(s.timeouts.write),
    connectionLimit: s.connection_limit,
    kinds: s.kinds,
    engineVersion: ENGINE_VERSION,
  };
}
