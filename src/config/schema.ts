/**
 * @module The configuration schema. Key names and shapes follow the reference pipelock schema
 * where the feature is the same, so an existing pipelock config loads; where we go further we add
 * keys. Every object is strict: a typo is an error, not an ignored key.
 */
import * as v from "valibot";
import { ACTIONS, CONFIDENCES, SEVERITIES, VALIDATORS } from "../engine/index.ts";
import { DEFAULT_BLOCKLIST, DEFAULT_INTERNAL_CIDRS } from "./defaults.ts";
import { TOOL_CHAIN_DETECTION_DEFAULTS, ToolChainDetectionSchema } from "./sections/tool-chain-detection.ts";
import { AddressProtectionSchema, DEFAULT_ADDRESS_PROTECTION } from "./sections/address-protection.ts";
import { CANARY_TOKENS_DEFAULT, CanaryTokensSection } from "./sections/canary-tokens.ts";
import { DEFAULT_SEED_PHRASE_DETECTION, SeedPhraseDetectionSchema } from "./sections/seed-phrase-detection.ts";
import { CROSS_REQUEST_DETECTION_DEFAULTS, CrossRequestDetectionSchema } from "./sections/cross-request-detection.ts";
import { RATE_LIMITS_DEFAULTS, RateLimitsSchema } from "./sections/rate-limits.ts";
import { TLS_INTERCEPTION_DEFAULT, TlsInterceptionSection } from "./sections/tls-interception.ts";
import { WEBSOCKET_PROXY_DEFAULT, WebsocketProxySection } from "./sections/websocket-proxy.ts";
import { FORWARD_PROXY_DEFAULT, ForwardProxySection } from "./sections/forward-proxy.ts";
import { REVERSE_PROXY_DEFAULT, ReverseProxySection } from "./sections/reverse-proxy.ts";
import { DNS_DEFAULT, DnsSection } from "./sections/dns.ts";
import { REQUEST_BODY_SCANNING_DEFAULT, RequestBodyScanningSection } from "./sections/request-body-scanning.ts";
import { FLIGHT_RECORDER_DEFAULT, FlightRecorderSection } from "./sections/flight-recorder.ts";
import { EMIT_DEFAULT, EmitSection } from "./sections/emit.ts";
import { KILL_SWITCH_DEFAULT, KillSwitchSection } from "./sections/kill-switch.ts";
import { METRICS_DEFAULT, MetricsSection } from "./sections/metrics.ts";
import { RELOAD_DEFAULT, ReloadSection } from "./sections/reload.ts";
import { MCP_INPUT_SCANNING_DEFAULT, McpInputScanningSection } from "./sections/mcp-input-scanning.ts";
import { MCP_TOOL_SCANNING_DEFAULT, McpToolScanningSection } from "./sections/mcp-tool-scanning.ts";
import { MCP_TOOL_POLICY_DEFAULT, McpToolPolicySection } from "./sections/mcp-tool-policy.ts";
import { MCP_SESSION_BINDING_DEFAULT, McpSessionBindingSection } from "./sections/mcp-session-binding.ts";
import { MCP_WS_LISTENER_DEFAULT, McpWsListenerSection } from "./sections/mcp-ws-listener.ts";

const str = v.string();
const strList = v.array(v.string());
const posInt = v.pipe(v.number(), v.integer(), v.minValue(0));
const listen = v.pipe(v.string(), v.regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, "must be host:port (e.g. 127.0.0.1:8888)"));
/** A Go-style duration ("2s", "500ms", "1m") or a number of seconds. */
const duration = v.union([v.pipe(v.string(), v.regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'must be a duration like "2s" or "500ms"')), v.pipe(v.number(), v.minValue(0))]);

/** Optional with a default: the output type is then never undefined. */
const opt = <S extends v.GenericSchema>(schema: S, fallback: v.InferOutput<S>) => v.optional(schema, fallback as never);
/** Reference sections this build accepts but does not act on yet (loaded, reported by `config validate`). */
const laterSection = v.optional(v.record(v.string(), v.unknown()));

const Monitoring = v.strictObject({
  max_url_length: opt(v.pipe(v.number(), v.integer(), v.minValue(64)), 2048),
  entropy_threshold: opt(v.pipe(v.number(), v.minValue(0), v.maxValue(8)), 4.5),
  subdomain_entropy_threshold: opt(v.pipe(v.number(), v.minValue(0), v.maxValue(8)), 4.0),
  subdomain_entropy_exclusions: opt(strList, []),
  max_requests_per_minute: opt(posInt, 60),
  max_data_per_minute: opt(posInt, 0),
  blocklist: opt(strList, [...DEFAULT_BLOCKLIST]),
});

const FetchProxy = v.strictObject({
  listen: opt(listen, "127.0.0.1:8888"),
  timeout_seconds: opt(posInt, 30),
  max_response_mb: opt(posInt, 10),
  user_agent: opt(str, "Pipelock Fetch/1.0"),
  monitoring: opt(Monitoring, v.parse(Monitoring, {})),
});

const DlpPattern = v.strictObject({
  name: v.pipe(str, v.minLength(1)),
  regex: v.pipe(str, v.minLength(1)),
  severity: opt(v.picklist(SEVERITIES), "high"),
  /** `mod97` is the reference's name for the IBAN check. */
  validator: v.optional(v.picklist([...VALIDATORS, "mod97"])),
  exempt_domains: opt(strList, []),
  action: v.optional(v.picklist(["block", "warn"])),
});

const Dlp = v.strictObject({
  scan_env: opt(v.boolean(), true),
  min_env_secret_length: opt(posInt, 16),
  include_defaults: opt(v.boolean(), true),
  secrets_file: v.optional(str),
  patterns: opt(v.array(DlpPattern), []),
});

const ResponsePattern = v.strictObject({ name: v.pipe(str, v.minLength(1)), regex: v.pipe(str, v.minLength(1)) });
const ResponseScanning = v.strictObject({
  enabled: opt(v.boolean(), true),
  action: opt(v.picklist(["block", "warn", "strip", "ask"]), "block"),
  include_defaults: opt(v.boolean(), true),
  patterns: opt(v.array(ResponsePattern), []),
  exempt_domains: opt(strList, []),
  ask_timeout_seconds: opt(posInt, 30),
  sse_streaming: laterSection,
});

const Suppress = v.strictObject({
  rule: v.pipe(str, v.minLength(1)),
  /** URL glob (`https://host/*`) or host wildcard (`*.example.com`) the suppression is limited to. */
  path: v.optional(str),
  /** Tool name the suppression is limited to (tool calls and tool descriptions). */
  tool: v.optional(str),
  reason: v.optional(str),
});

const ScanApi = v.strictObject({
  listen: v.optional(listen),
  auth: opt(v.strictObject({ bearer_tokens: opt(strList, []) }), { bearer_tokens: [] }),
  rate_limit: opt(v.strictObject({ requests_per_minute: opt(posInt, 600), burst: opt(posInt, 50) }), { requests_per_minute: 600, burst: 50 }),
  max_body_bytes: opt(posInt, 1024 * 1024),
  field_limits: opt(
    v.strictObject({ url: opt(posInt, 8192), text: opt(posInt, 512 * 1024), content: opt(posInt, 512 * 1024), arguments: opt(posInt, 512 * 1024) }),
    { url: 8192, text: 512 * 1024, content: 512 * 1024, arguments: 512 * 1024 },
  ),
  timeouts: opt(v.strictObject({ read: opt(duration, "2s"), write: opt(duration, "2s"), scan: opt(duration, "5s") }), { read: "2s", write: "2s", scan: "5s" }),
  connection_limit: opt(posInt, 100),
  kinds: opt(
    v.strictObject({
      url: opt(v.boolean(), true),
      dlp: opt(v.boolean(), true),
      prompt_injection: opt(v.boolean(), true),
      tool_call: opt(v.boolean(), true),
      tool_description: opt(v.boolean(), true),
    }),
    { url: true, dlp: true, prompt_injection: true, tool_call: true, tool_description: true },
  ),
});

const TrustedKey = v.strictObject({
  name: v.pipe(str, v.minLength(1)),
  public_key: v.pipe(str, v.regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (an Ed25519 public key)")),
  tier: v.optional(str),
});

const Rules = v.strictObject({
  /** Extra rule-pack directories; relative paths resolve against the config file's directory. */
  dirs: opt(strList, []),
  /** The plugins folder (relative to the config file); loaded when it exists. */
  plugin_dir: opt(str, "plugins"),
  /** Refuse packs from disk that carry no valid signature by a trusted key. */
  require_signed: opt(v.boolean(), false),
  trusted_keys: opt(v.array(TrustedKey), []),
  /** Rule ids (or globs like `inj.*`) that never run. */
  disabled: opt(strList, []),
  /** Per-rule action overrides, e.g. `{ dlp.us_ssn: warn }`. */
  actions: opt(v.record(str, v.picklist(ACTIONS)), {}),
  rules_dir: v.optional(str),
  /** Skip rules whose `confidence` is below this (built-in rules default to high). */
  min_confidence: opt(v.picklist(CONFIDENCES), "low"),
  include_experimental: v.optional(v.boolean()),
});

const Logging = v.strictObject({
  format: opt(v.picklist(["json", "text"]), "json"),
  output: opt(str, "stderr"),
  file: v.optional(str),
  include_allowed: opt(v.boolean(), false),
  include_blocked: opt(v.boolean(), true),
});

export const ConfigSchema = v.strictObject({
  version: opt(v.literal(1), 1),
  mode: opt(v.picklist(["strict", "balanced", "audit"]), "balanced"),
  enforce: opt(v.boolean(), true),
  explain_blocks: opt(v.boolean(), true),
  api_allowlist: opt(strList, []),
  suppress: opt(v.array(Suppress), []),
  internal: opt(strList, [...DEFAULT_INTERNAL_CIDRS]),
  trusted_domains: opt(strList, []),
  ssrf: opt(v.strictObject({ ip_allowlist: opt(strList, []) }), { ip_allowlist: [] }),
  fetch_proxy: opt(FetchProxy, v.parse(FetchProxy, {})),
  dlp: opt(Dlp, v.parse(Dlp, {})),
  response_scanning: opt(ResponseScanning, v.parse(ResponseScanning, {})),
  scan_api: opt(ScanApi, v.parse(ScanApi, {})),
  rules: opt(Rules, v.parse(Rules, {})),
  logging: opt(Logging, v.parse(Logging, {})),
  metrics_listen: v.optional(listen),
  // Sections of the reference schema that later issues implement; accepted so existing configs load.
  forward_proxy: opt(ForwardProxySection, FORWARD_PROXY_DEFAULT),
  websocket_proxy: opt(WebsocketProxySection, WEBSOCKET_PROXY_DEFAULT),
  reverse_proxy: opt(ReverseProxySection, REVERSE_PROXY_DEFAULT),
  dns: opt(DnsSection, DNS_DEFAULT),
  tls_interception: opt(TlsInterceptionSection, TLS_INTERCEPTION_DEFAULT),
  request_body_scanning: opt(RequestBodyScanningSection, REQUEST_BODY_SCANNING_DEFAULT),
  mcp_input_scanning: opt(McpInputScanningSection, MCP_INPUT_SCANNING_DEFAULT),
  mcp_tool_scanning: opt(McpToolScanningSection, MCP_TOOL_SCANNING_DEFAULT),
  mcp_tool_policy: opt(McpToolPolicySection, MCP_TOOL_POLICY_DEFAULT),
  mcp_session_binding: opt(McpSessionBindingSection, MCP_SESSION_BINDING_DEFAULT),
  mcp_ws_listener: opt(McpWsListenerSection, MCP_WS_LISTENER_DEFAULT),
  canary_tokens: v.optional(CanaryTokensSection, CANARY_TOKENS_DEFAULT),
  seed_phrase_detection: opt(SeedPhraseDetectionSchema, DEFAULT_SEED_PHRASE_DETECTION),
  address_protection: opt(AddressProtectionSchema, DEFAULT_ADDRESS_PROTECTION),
  tool_chain_detection: opt(ToolChainDetectionSchema, TOOL_CHAIN_DETECTION_DEFAULTS),
  cross_request_detection: opt(CrossRequestDetectionSchema, CROSS_REQUEST_DETECTION_DEFAULTS),
  rate_limits: opt(RateLimitsSchema, RATE_LIMITS_DEFAULTS),
  kill_switch: opt(KillSwitchSection, KILL_SWITCH_DEFAULT),
  flight_recorder: opt(FlightRecorderSection, FLIGHT_RECORDER_DEFAULT),
  emit: opt(EmitSection, EMIT_DEFAULT),
  metrics: opt(MetricsSection, METRICS_DEFAULT),
  reload: opt(ReloadSection, RELOAD_DEFAULT),
  sandbox: laterSection,
  adaptive_enforcement: laterSection,
  session_profiling: laterSection,
  git_protection: laterSection,
});

export type Config = v.InferOutput<typeof ConfigSchema>;

/** Top-level sections accepted but not acted on by this build; `config validate` names any that are set. */
export const LATER_SECTIONS = [
  "sandbox", "adaptive_enforcement", "session_profiling", "git_protection",
] as const satisfies readonly (keyof Config)[];
