/**
 * @module Config section `request_body_scanning` (reference key names): DLP on request headers and
 * bodies at every HTTP door. Defaults follow the reference (5 MiB, headers on, sensitive mode, its
 * header lists) except `action`, which defaults to `block` here, like `response_scanning.action`:
 * a secret in a body is stopped unless the operator asks for warn-only. Whatever the action, a body
 * that cannot be inspected (over the limit, unknown encoding, decompression bomb, malformed
 * multipart) is denied.
 */
import * as v from "valibot";

const MIB = 1024 * 1024;
/** Hard ceiling for max_body_bytes: bodies are held whole to be decoded and extracted. */
export const MAX_BODY_BYTES_CAP = 64 * MIB;

const headerName = v.pipe(v.string(), v.regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP header name"));

export const DEFAULT_SENSITIVE_HEADERS = ["Authorization", "Cookie", "X-Api-Key", "X-Token", "Proxy-Authorization", "X-Goog-Api-Key"];
export const DEFAULT_IGNORE_HEADERS = [
  "Connection", "Keep-Alive", "Proxy-Authenticate", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
  "Host", "Content-Length", "Content-Type", "Accept", "Accept-Encoding", "User-Agent",
];

export const RequestBodyScanningSection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** `warn` records findings and lets the request through; `block` denies. */
  action: v.optional(v.picklist(["block", "warn"]), "block"),
  max_body_bytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_BODY_BYTES_CAP)), 5 * MIB),
  scan_headers: v.optional(v.boolean(), true),
  header_mode: v.optional(v.picklist(["sensitive", "all"]), "sensitive"),
  sensitive_headers: v.optional(v.array(headerName), DEFAULT_SENSITIVE_HEADERS),
  ignore_headers: v.optional(v.array(headerName), DEFAULT_IGNORE_HEADERS),
});

export type RequestBodyScanningConfig = v.InferOutput<typeof RequestBodyScanningSection>;
export const REQUEST_BODY_SCANNING_DEFAULT: RequestBodyScanningConfig = v.parse(RequestBodyScanningSection, {});

/** What the HTTP doors and the body module are configured with. */
export interface RequestBodySettings {
  readonly enabled: boolean;
  readonly action: "block" | "warn";
  readonly maxBodyBytes: number;
  readonly scanHeaders: boolean;
  readonly headerMode: "sensitive" | "all";
  readonly sensitiveHeaders: readonly string[];
  readonly ignoreHeaders: readonly string[];
}

export function toRequestBodySettings(section: RequestBodyScanningConfig): RequestBodySettings {
  return {
    enabled: section.enabled,
    action: section.action,
    maxBodyBytes: section.max_body_bytes,
    scanHeaders: section.enabled && section.scan_headers,
    headerMode: section.header_mode,
    sensitiveHeaders: section.sensitive_headers,
    ignoreHeaders: section.ignore_headers,
  };
}
