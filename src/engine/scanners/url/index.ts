/**
 * @module The URL scanner's public surface: compile a URL policy once, scan URLs against it.
 */
export { compileUrlPolicy, type CompiledUrlPolicy, type UrlPolicyConfig } from "./policy.ts";
export { scanUrl, scanUrlOffline, withDnsCheck, type OfflineUrlScan, type UrlScanDeps } from "./scan-url.ts";
export type { DlpPart } from "./dlp-parts.ts";
export { parseIpLiteral } from "./ip-literal.ts";
export { matchDomain } from "./domain-match.ts";
