/**
 * @module The Scan API's routes on Hono: `POST /api/v1/scan`, `GET /health` (no auth), 405
 * with `Allow` for other methods on those paths, and a JSON 404 everywhere else. Every answer,
 * errors included, is a full JSON envelope.
 */
import { Hono } from "hono";
import { errorResponse, jsonResponse, type EnvelopeBase } from "./envelope.ts";
import { createScanHandler } from "./handle-scan.ts";
import type { ScanApiDeps, ScanApiSettings } from "./settings.ts";

export const SCAN_PATH = "/api/v1/scan";
export const HEALTH_PATH = "/health";

/** Settings for this request; a reader that throws leaves the engine version unknown. */
function readSettings(deps: ScanApiDeps): ScanApiSettings | undefined {
  try {
    return deps.settings();
  } catch {
    return undefined;
  }
}

function baseFor(settings: ScanApiSettings | undefined): EnvelopeBase {
  return { kind: "", engineVersion: settings?.engineVersion ?? "", startedAt: performance.now() };
}

export function createScanApi(deps: ScanApiDeps): { fetch: (req: Request, server?: unknown) => Response | Promise<Response> } {
  const handleScan = createScanHandler(deps);
  const app = new Hono();

  app.post(SCAN_PATH, async (c) => {
    const settings = readSettings(deps);
    if (settings === undefined) return errorResponse("internal_error", baseFor(settings));
    try {
      return await handleScan(c.req.raw, settings);
    } catch {
      // Whatever failed (kill switch reader, a bug), the answer is an error, never an allow.
      return errorResponse("internal_error", baseFor(settings));
    }
  });
  app.all(SCAN_PATH, () => errorResponse("method_not_allowed", baseFor(readSettings(deps)), { headers: { allow: "POST" } }));

  // Hono answers HEAD with the GET route minus the body.
  app.get(HEALTH_PATH, () => {
    const settings = readSettings(deps);
    if (settings === undefined) return errorResponse("internal_error", baseFor(settings));
    return jsonResponse({ status: "ok", engine_version: settings.engineVersion }, 200);
  });
  app.all(HEALTH_PATH, () => errorResponse("method_not_allowed", baseFor(readSettings(deps)), { headers: { allow: "GET, HEAD" } }));

  app.notFound(() => errorResponse("not_found", baseFor(readSettings(deps))));
  app.onError(() => errorResponse("internal_error", baseFor(readSettings(deps))));

  return { fetch: (req, server) => app.fetch(req, server) };
}
