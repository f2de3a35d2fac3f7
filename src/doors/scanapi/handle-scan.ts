/**
 * @module The `POST /api/v1/scan` handler, in pipelock's order: bearer auth → per-token rate
 * limit → kill switch → body size → strict JSON → kind → per-kind input → scan under deadline.
 * The first check that fails answers; nothing after it runs. Tokens and input are never
 * logged or echoed (only `context.request_id`, on post-scan answers).
 */
import { authenticate, extractBearerToken } from "./bearer-auth.ts";
import { completedResponse, errorResponse, toWireFinding, type EnvelopeBase } from "./envelope.ts";
import { parseScanRequest } from "./parse-request.ts";
import { readBodyCapped } from "./read-body.ts";
import { scanWithDeadline } from "./scan-with-deadline.ts";
import { positiveOr, SCAN_API_DEFAULTS, SCAN_API_KINDS, type ScanApiDeps, type ScanApiKind, type ScanApiSettings } from "./settings.ts";
import { contextProblem, toSubject } from "./to-subject.ts";
import { TokenBuckets } from "./token-buckets.ts";

function isScanApiKind(kind: string): kind is ScanApiKind {
  return (SCAN_API_KINDS as readonly string[]).includes(kind);
}

/** Field limits with any non-positive (bad reload) value replaced by its default. */
function fieldLimits(settings: ScanApiSettings): ScanApiSettings["fieldLimits"] {
  const d = SCAN_API_DEFAULTS.fieldLimits;
  const f = settings.fieldLimits;
  return {
    url: positiveOr(f.url, d.url),
    text: positiveOr(f.text, d.text),
    content: positiveOr(f.content, d.content),
    arguments: positiveOr(f.arguments, d.arguments),
  };
}

/** A handler with its own rate-limit state; `settings` is read once per request. */
export function createScanHandler(deps: ScanApiDeps): (request: Request, settings: ScanApiSettings) => Promise<Response> {
  const buckets = new TokenBuckets(deps.now ?? (() => performance.now()));

  return async (request, settings) => {
    const base: EnvelopeBase = { kind: "", engineVersion: settings.engineVersion, startedAt: performance.now() };

    const identity = authenticate(extractBearerToken(request.headers.get("authorization")), settings.bearerTokens);
    if (identity === undefined) return errorResponse("unauthorized", base, { headers: { "www-authenticate": "Bearer" } });

    const perMinute = positiveOr(settings.requestsPerMinute, SCAN_API_DEFAULTS.requestsPerMinute);
    const burst = positiveOr(settings.burst, SCAN_API_DEFAULTS.burst);
    if (!buckets.take(identity, perMinute, burst)) return errorResponse("rate_limited", base, { headers: { "retry-after": "1" } });

    if (deps.killSwitch?.() === true) return errorResponse("kill_switch_active", base);

    const maxBody = positiveOr(settings.maxBodyBytes, SCAN_API_DEFAULTS.maxBodyBytes);
    const body = await readBodyCapped(request, maxBody, positiveOr(settings.readTimeoutMs ?? NaN, SCAN_API_DEFAULTS.readTimeoutMs));
    if (!body.ok) {
      const detail = body.code === "body_too_large" ? `request body exceeds ${maxBody} bytes` : undefined;
      return errorResponse(body.code, base, detail !== undefined ? { detail } : {});
    }

    const parsed = parseScanRequest(body.bytes);
    if (!parsed.ok) return errorResponse("invalid_json", base, { detail: parsed.detail });
    const scanRequest = parsed.request;

    if (!isScanApiKind(scanRequest.kind)) return errorResponse("invalid_kind", base);
    const kind = scanRequest.kind;
    base.kind = kind;
    if (settings.kinds[kind] !== true) return errorResponse("kind_disabled", base);

    const problem = contextProblem(scanRequest.context);
    if (problem !== undefined) return errorResponse("invalid_input", base, { detail: problem });
    const built = toSubject(kind, scanRequest.input, fieldLimits(settings));
    if (!built.ok) return errorResponse("invalid_input", base, { detail: built.detail });

    const deadlineMs = positiveOr(settings.scanTimeoutMs, SCAN_API_DEFAULTS.scanTimeoutMs);
    const outcome = await scanWithDeadline(deps.scan, built.subject, deadlineMs, request.signal);
    if (scanRequest.context.request_id !== undefined) base.requestId = scanRequest.context.request_id;
    switch (outcome.type) {
      case "deadline":
        return errorResponse("scan_deadline_exceeded", base);
      case "canceled":
        return errorResponse("request_canceled", base);
      case "error":
        return errorResponse("internal_error", base);
      case "verdict": {
        let findings;
        try {
          findings = outcome.verdict.findings.map((f) => toWireFinding(f, scanRequest.includeEvidence));
        } catch {
          // A finding the wire format cannot carry is an engine bug: fail closed, never allow.
          return errorResponse("internal_error", base);
        }
        return completedResponse(base, outcome.verdict.decision, findings);
      }
    }
  };
}
