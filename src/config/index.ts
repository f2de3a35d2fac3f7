/** @module Configuration: YAML sources with located errors, the schema, defaults, loading. */
export { parseYamlWith, locate, formatIssue, LoadError, MAX_YAML_ALIASES, MAX_YAML_BYTES, type LoadIssue, type ParseResult } from "./yaml-source.ts";
export { ConfigSchema, LATER_SECTIONS, type Config } from "./schema.ts";
export { DEFAULT_BLOCKLIST, DEFAULT_INTERNAL_CIDRS } from "./defaults.ts";
export { loadConfig, fromText, DEFAULT_CONFIG_TEXT, EMBEDDED_CONFIG_NAME, type ConfigResult, type LoadedConfig } from "./load-config.ts";
export { toChainSettings, ToolChainDetectionSchema, TOOL_CHAIN_DETECTION_DEFAULTS, type ToolChainDetectionConfig } from "./sections/tool-chain-detection.ts";
export { toSeedPhraseSettings, SeedPhraseDetectionSchema, type SeedPhraseDetectionConfig } from "./sections/seed-phrase-detection.ts";
export { toAddressProtectionSettings, AddressProtectionSchema, type AddressProtectionConfig } from "./sections/address-protection.ts";
export { canaryTokensToSettings, CanaryTokensSection, type CanaryTokensConfig } from "./sections/canary-tokens.ts";
export { toCrossRequestSettings, CrossRequestDetectionSchema, CROSS_REQUEST_DETECTION_DEFAULTS, type CrossRequestDetectionConfig } from "./sections/cross-request-detection.ts";
export { toRequestLimitSettings, RateLimitsSchema, RATE_LIMITS_DEFAULTS, type RateLimitsConfig, type MonitoringLimits } from "./sections/rate-limits.ts";
export { toTlsInterceptionSettings, durationMs, type TlsInterceptionSettings } from "./sections/tls-interception.ts";
export { toWebsocketSettings, WEBSOCKET_PROXY_DEFAULT, type WebsocketSettings } from "./sections/websocket-proxy.ts";
export { toRequestBodySettings, RequestBodyScanningSection, REQUEST_BODY_SCANNING_DEFAULT, type RequestBodySettings } from "./sections/request-body-scanning.ts";
export { mcpToolPolicyRules, mcpRedirectRules, mcpRuleId, type McpToolPolicyConfig } from "./sections/mcp-tool-policy.ts";
