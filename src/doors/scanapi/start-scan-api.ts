/**
 * @module Serves the Scan API with Bun.serve. Refuses to start without a bearer token: an
 * evaluation endpoint open to anyone would let any local process probe the policy.
 */
import { createScanApi } from "./app.ts";
import { positiveOr, SCAN_API_DEFAULTS, type ScanApiDeps } from "./settings.ts";

/** Seconds a connection may sit idle (Bun's own limit; the body read and scan have theirs). */
const IDLE_TIMEOUT_SECONDS = 10;
/** Bun's hard cap on a request body; the door's own streamed cap (`maxBodyBytes`) answers first. */
const MIN_SERVER_BODY_CAP = 16 * 1024 * 1024;

export function startScanApi(
  deps: ScanApiDeps,
  listen: { hostname: string; port: number },
): { port: number; stop(): Promise<void> } {
  const settings = deps.settings();
  if (!settings.bearerTokens.some((token) => token.length > 0)) {
    throw new Error(
      "scan API: refusing to start without a bearer token; set scan_api.auth.bearer_tokens to at least one non-empty token",
    );
  }
  const api = createScanApi(deps);
  const maxBody = positiveOr(settings.maxBodyBytes, SCAN_API_DEFAULTS.maxBodyBytes);
  const server = Bun.serve({
    hostname: listen.hostname,
    port: listen.port,
    idleTimeout: IDLE_TIMEOUT_SECONDS,
    // Room for hot reloads that raise maxBodyBytes; the handler enforces the live value.
    maxRequestBodySize: Math.max(MIN_SERVER_BODY_CAP, maxBody * 4),
    fetch: (req, srv) => api.fetch(req, srv),
  });
  return {
    port: server.port ?? listen.port,
    stop: async () => {
      await server.stop(true);
    },
  };
}
