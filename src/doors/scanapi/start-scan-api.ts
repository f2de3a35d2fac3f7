/**
 * @module Serves the Scan API with Bun.serve. Refuses to start without a bearer token: an
 * evaluation endpoint open to anyone would let any local process probe the policy. Enforces the
 * connection limit (requests in flight) and the write timeout (Bun's idle timeout).
 */
import { createScanApi } from "./app.ts";
import { errorResponse } from "./envelope.ts";
import { positiveOr, SCAN_API_DEFAULTS, type ScanApiDeps } from "./settings.ts";

/** Bun's hard cap on a request body; the door's own streamed cap (`maxBodyBytes`) answers first. */
const MIN_SERVER_BODY_CAP = 16 * 1024 * 1024;
/** Bun's idle timeout is whole seconds in 1..255. */
const MAX_IDLE_SECONDS = 255;

export function startScanApi(
  deps: ScanApiDeps,
  listen: { hostname: string; port: number },
): { port: number; stop(): Promise<void>; inFlight(): number } {
  const settings = deps.settings();
  if (!settings.bearerTokens.some((token) => token.length > 0)) {
    throw new Error(
      "scan API: refusing to start without a bearer token; set scan_api.auth.bearer_tokens to at least one non-empty token",
    );
  }
  const api = createScanApi(deps);
  const maxBody = positiveOr(settings.maxBodyBytes, SCAN_API_DEFAULTS.maxBodyBytes);
  const writeMs = positiveOr(settings.writeTimeoutMs ?? NaN, SCAN_API_DEFAULTS.writeTimeoutMs);
  let inFlight = 0;
  const server = Bun.serve({
    hostname: listen.hostname,
    port: listen.port,
    idleTimeout: Math.min(MAX_IDLE_SECONDS, Math.max(1, Math.ceil(writeMs / 1000))),
    // Room for hot reloads that raise maxBodyBytes; the handler enforces the live value.
    maxRequestBodySize: Math.max(MIN_SERVER_BODY_CAP, maxBody * 4),
    fetch: async (req, srv) => {
      // Read per request so a reload that changes the limit applies at once.
      const live = safeSettings(deps);
      const limit = positiveOr(live?.connectionLimit ?? NaN, SCAN_API_DEFAULTS.connectionLimit);
      if (inFlight >= limit) {
        void req.body?.cancel().catch(() => undefined);
        return errorResponse("server_busy", { kind: "", engineVersion: live?.engineVersion ?? "", startedAt: performance.now() }, { headers: { "retry-after": "1" } });
      }
      inFlight++;
      try {
        return await api.fetch(req, srv);
      } finally {
        inFlight--;
      }
    },
  });
  return {
    port: server.port ?? listen.port,
    stop: async () => {
      await server.stop(true);
    },
    inFlight: () => inFlight,
  };
}

function safeSettings(deps: ScanApiDeps): ReturnType<ScanApiDeps["settings"]> | undefined {
  try {
    return deps.settings();
  } catch {
    return undefined;
  }
}
