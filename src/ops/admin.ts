/**
 * @module The admin listener (127.0.0.1 by default, `metrics_listen`): /health and the Prometheus
 * scrape stay up whatever the kill switch says; the admin API needs the bearer token
 * (`kill_switch.api_token` or env PIPELOCK_KILLSWITCH_API_TOKEN), compared in constant time, and is
 * refused with 503 when no token is configured.
 *
 *   GET  /health                                       {status, kill_switch}
 *   GET  /metrics (metrics.path)                       Prometheus text 0.0.4
 *   GET  /admin/kill-switch   (/api/v1/killswitch/status)   status
 *   POST /admin/kill-switch   (/api/v1/killswitch)          {"active": bool} → status
 *   POST /admin/reload                                  reload now → outcome
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { EXPOSITION_CONTENT_TYPE, type PipelockMetrics } from "../evidence/index.ts";
import { VERSION } from "../version.ts";
import type { KillSwitch } from "./kill-switch.ts";
import type { ReloadOutcome } from "./reload.ts";

/** Largest admin request body. */
const MAX_ADMIN_BODY_BYTES = 4096;

export interface AdminDeps {
  readonly metrics: PipelockMetrics;
  readonly killSwitch: KillSwitch;
  readonly reload: () => ReloadOutcome;
  /** The current token (config or env), read per request so a reload can rotate it. */
  readonly token: () => string | undefined;
  readonly metricsPath: () => string;
  readonly metricsEnabled: () => boolean;
}

/** Which routes a listener serves: everything, or only the kill-switch/reload API (`api_listen`). */
export type AdminRoutes = "all" | "api" | "public";

/** Compare a presented bearer token with the expected one in constant time. */
export function tokenMatches(header: string | null, expected: string): boolean {
  const m = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  const presented = m?.[1] ?? "";
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}

export function createAdminHandler(deps: AdminDeps, routes: AdminRoutes): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname;
    const route = routeOf(path, deps.metricsPath(), routes);
    const res = await handle(req, route, deps);
    deps.metrics.adminRequests.inc([route ?? "other", String(res.status)]);
    return res;
  };
}

type Route = "health" | "metrics" | "kill_switch" | "kill_switch_status" | "reload";

function routeOf(path: string, metricsPath: string, routes: AdminRoutes): Route | undefined {
  if (routes !== "api") {
    if (path === "/health") return "health";
    if (path === metricsPath) return "metrics";
  }
  if (routes === "public") return undefined;
  if (path === "/admin/kill-switch" || path === "/api/v1/killswitch") return "kill_switch";
  if (path === "/api/v1/killswitch/status") return "kill_switch_status";
  if (path === "/admin/reload") return "reload";
  return undefined;
}

async function handle(req: Request, route: Route | undefined, deps: AdminDeps): Promise<Response> {
  const ks = deps.killSwitch;
  if (route === undefined) return json({ error: "not_found" }, 404);
  if (route === "health") {
    if (req.method !== "GET" && req.method !== "HEAD") return json({ error: "method_not_allowed" }, 405);
    return json({ status: "ok", version: VERSION, kill_switch: { active: ks.active() } });
  }
  if (route === "metrics") {
    if (req.method !== "GET" && req.method !== "HEAD") return json({ error: "method_not_allowed" }, 405);
    if (!deps.metricsEnabled()) return json({ error: "metrics_disabled" }, 404);
    return new Response(deps.metrics.registry.render(), { headers: { "content-type": EXPOSITION_CONTENT_TYPE } });
  }
  const token = deps.token();
  if (token === undefined || token.length === 0) return json({ error: "admin_api_disabled", message: "set kill_switch.api_token (or PIPELOCK_KILLSWITCH_API_TOKEN) to use the admin API" }, 503);
  if (!tokenMatches(req.headers.get("authorization"), token)) {
    deps.metrics.adminAuthFailures.inc();
    return json({ error: "unauthorized" }, 401, { "www-authenticate": "Bearer" });
  }
  if (route === "kill_switch_status" || (route === "kill_switch" && req.method === "GET")) return json(ks.status());
  if (route === "reload") {
    if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
    const r = deps.reload();
    const ok = r.outcome === "applied" || r.outcome === "applied_weakening" || r.outcome === "unchanged";
    return json({ outcome: r.outcome, message: r.message, weakenings: r.weakenings, issues: r.issues, restart_required: r.restartRequired }, ok ? 200 : 409);
  }
  if (req.method !== "POST") return json({ error: "method_not_allowed" }, 405);
  const body = await readJson(req);
  if (body === undefined || typeof body !== "object" || body === null || typeof (body as { active?: unknown }).active !== "boolean") {
    return json({ error: "invalid_request", message: 'body must be {"active": true|false}' }, 400);
  }
  ks.setApi((body as { active: boolean }).active, "admin API");
  return json(ks.status());
}

async function readJson(req: Request): Promise<unknown> {
  const len = Number(req.headers.get("content-length") ?? "0");
  if (len > MAX_ADMIN_BODY_BYTES) return undefined;
  try {
    const text = await req.text();
    return text.length > MAX_ADMIN_BODY_BYTES ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}
