/**
 * @module The request side of every HTTP door, in one order: the URL (lists, SSRF with a recording
 * resolver, DLP), per-domain admission, the headers, then the body. The first deny wins; warnings
 * are collected for the event. The door keeps the recording resolver to pin the upstream connect.
 */
import { isIP } from "node:net";
import type { Finding, Subject, Verdict } from "../../engine/index.ts";
import { applyBodyAction } from "../body/index.ts";
import type { RecordingResolver } from "../upstream/index.ts";
import { blockFromVerdict, type BlockInfo } from "./block.ts";
import type { Admission, PolicyView } from "./context.ts";
import { crossRequestSession, requestFragments } from "./cross-request.ts";
import type { Inspection } from "./inspection.ts";

export interface RequestParts {
  /** Absolute URL as the agent asked for it (for reverse proxy: the path is scanned via a URL on the upstream). */
  readonly url: string;
  readonly host: string;
  readonly rawHeaders: readonly string[];
  /** Body bytes already read within the limit; undefined = no body. */
  readonly body?: Uint8Array;
  readonly agent?: string;
  /** The client's address (cross-request session key with the agent). */
  readonly clientIp?: string;
}

export interface CheckSteps {
  /** Scan the URL subject (false for the reverse proxy's own upstream, which scans the path via text). */
  readonly url: boolean;
  readonly admission: boolean;
  /** Feed the request's pieces to cross-request detection (false for pipelock's own redirect hops). */
  readonly crossRequest?: boolean;
}

export type CheckResult =
  | { readonly allowed: true; readonly warnings: readonly Finding[] }
  | { readonly allowed: false; readonly block: BlockInfo; readonly subject: Subject["kind"] };

export async function checkRequest(
  view: PolicyView,
  inspection: Inspection,
  admission: Admission | undefined,
  parts: RequestParts,
  resolver: RecordingResolver | undefined,
  signal: AbortSignal | undefined,
  steps: CheckSteps = { url: true, admission: true, crossRequest: true },
): Promise<CheckResult> {
  const explain = view.settings.explainBlocks;
  const warnings: Finding[] = [];
  const consider = (verdict: Verdict, kind: Subject["kind"], what: string): CheckResult | undefined => {
    if (verdict.decision === "deny") return { allowed: false, block: blockFromVerdict(verdict, "request", explain, what), subject: kind };
    if (verdict.findings.length > 0) warnings.push(...verdict.findings);
    return undefined;
  };
  if (steps.url) {
    // An IP-literal host needs no lookup; without a resolver the engine also skips its DNS deadline machinery.
    const lookup = resolver && isIP(parts.host) === 0 ? { resolver } : {};
    const verdict = await view.scan({ kind: "url", url: parts.url }, { ...lookup, ...(signal ? { signal } : {}) });
    const denied = consider(verdict, "url", "URL blocked");
    if (denied) return denied;
  }
  if (steps.admission && admission) {
    const refused = await admission.admit(parts.host, parts.agent, parts.body?.byteLength ?? 0);
    if (refused) {
      return {
        allowed: false,
        subject: "url",
        block: { code: "rate_limited", direction: "request", reason: refused.finding.message, findings: [refused.finding], retryAfterSec: refused.retryAfterSec, explain },
      };
    }
  }
  const body = view.settings.body;
  if (body.enabled && body.scanHeaders) {
    const text = inspection.headerText(parts.rawHeaders, body.headerMode);
    if (text.length > 0) {
      const verdict = applyBodyAction(await view.scan({ kind: "text", text, host: parts.host }, signal ? { signal } : {}), body.action);
      const denied = consider(verdict, "text", "Request header blocked");
      if (denied) return denied;
    }
    if (body.headerMode === "sensitive") {
      const others = inspection.otherHeaderText(parts.rawHeaders);
      if (others.length > 0) {
        const verdict = applyBodyAction(await view.scan({ kind: "text", text: others, host: parts.host, rules: "credentials" }, signal ? { signal } : {}), body.action);
        const denied = consider(verdict, "text", "Request header blocked");
        if (denied) return denied;
      }
    }
  }
  let extractedText: string | undefined;
  if (body.enabled && parts.body !== undefined && parts.body.byteLength > 0) {
    const extracted = await inspection.requestBody(parts.body, parts.rawHeaders, view.settings.body.maxBodyBytes);
    if (!extracted.ok) {
      return {
        allowed: false,
        subject: "text",
        block: { code: extracted.status === 413 ? "payload_too_large" : extracted.status === 400 ? "bad_request" : "blocked", direction: "request", reason: extracted.reason, failure: extracted.failure, explain },
      };
    }
    extractedText = extracted.text;
    if (extracted.text.length > 0) {
      const verdict = applyBodyAction(await view.scan({ kind: "text", text: extracted.text, host: parts.host }, signal ? { signal } : {}), body.action);
      const denied = consider(verdict, "text", "Request body blocked");
      if (denied) return denied;
    }
  }
  // Last: only what every per-request check let through is remembered for the session.
  if (view.crossRequest && steps.crossRequest === true) {
    const fragments = requestFragments(parts.url, parts.rawHeaders, parts.body, extractedText);
    if (fragments.length > 0) {
      const verdict = await view.crossRequest(crossRequestSession(parts.agent, parts.clientIp), { fragments, host: parts.host });
      const denied = consider(verdict, "text", "Request blocked (secret split across requests)");
      if (denied) return denied;
    }
  }
  return { allowed: true, warnings };
}
