/** @module The Scan API door (`POST /api/v1/scan`, `GET /health`): its public surface. */
export type { Subject, Verdict, Finding, Resolver } from "../../engine/types.ts";
export {
  SCAN_API_DEFAULTS,
  SCAN_API_KINDS,
  scanApiSettings,
  type ScanApiDeps,
  type ScanApiFieldLimits,
  type ScanApiKind,
  type ScanApiSettings,
} from "./settings.ts";
export {
  SCAN_API_ERRORS,
  type ScanApiErrorCode,
  type ScanApiResponse,
  type WireError,
  type WireEvidence,
  type WireFinding,
} from "./envelope.ts";
export { createScanApi, HEALTH_PATH, SCAN_PATH } from "./app.ts";
export { startScanApi } from "./start-scan-api.ts";
