/**
 * @module `GET /fetch?url=`: fetch a page for the agent and return readable text as JSON. Pipelock
 * follows redirects itself (at most MAX_REDIRECTS), re-checking every hop with a fresh recording
 * resolver and connecting only to the addresses that hop's check saw; the text (and the page's
 * hidden text) goes through the injection scanner before the agent sees any of it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Finding, SubjectKind } from "../../engine/index.ts";
import {
  AGENT_HEADER,
  authRequired,
  blockFromVerdict,
  checkRequest,
  emitDecision,
  rawHeader,
  redactTarget,
  upstreamDenyCode,
  withoutProxyAuth,
  type BlockInfo,
  type HttpDoorContext,
  type PolicyView,
} from "../http/index.ts";
import { recordingResolver, UpstreamError, type PinnedResponse } from "../upstream/index.ts";
import { readAll } from "./read-text.ts";
import { fetchTarget } from "./target-param.ts";

/** Redirect hops followed (reference: 5). */
export const MAX_REDIRECTS = 5;
const ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TEXTUAL = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|ld\+json)|[^;]*\+(json|xml))/i;

interface FetchAnswer {
  url: string;
  agent?: string;
  status_code?: number;
  content_type?: string;
  title?: string;
  content?: string;
  error?: string;
  blocked: boolean;
  block_reason?: string;
  rule_id?: string;
  exempt?: string;
  findings?: readonly Finding[];
}

export async function handleFetch(ctx: HttpDoorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const startedAt = performance.now();
  const view = ctx.view();
  const settings = view.settings;
  const param = fetchTarget(req.url ?? "");
  const headerAgent = rawHeader(req.rawHeaders, AGENT_HEADER);
  const agent = headerAgent ?? (param.ok ? param.agent : undefined);
  const base = { door: "fetch" as const, method: req.method ?? "GET", startedAt, ...(agent !== undefined ? { agent } : {}) };
  if (req.method !== "GET") {
    return answer(res, 405, { url: "", blocked: false, error: "only GET is supported on /fetch" }, ctx, { ...base, decision: "deny", failure: "method_not_allowed" });
  }
  if (!param.ok) return answer(res, 400, { url: "", blocked: false, error: param.reason }, ctx, { ...base, decision: "deny", failure: "bad_request" });

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.fetch.timeoutMs);
  res.on("close", () => controller.abort());
  try {
    let url = param.url;
    const scanned = authRequired(settings.auth) ? withoutProxyAuth(req.rawHeaders) : req.rawHeaders;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      const resolver = recordingResolver(ctx.resolver);
      // The agent's own headers are scanned once; pipelock sends none of them upstream.
      const check = await checkRequest(view, ctx.inspection, ctx.admission, { url: url.href, host, rawHeaders: hop === 0 ? scanned : [], ...(agent !== undefined ? { agent } : {}), clientIp: req.socket.remoteAddress }, resolver, controller.signal, { url: true, admission: true, crossRequest: hop === 0 });
      if (!check.allowed) return blocked(res, ctx, url, check.block, hop > 0, { ...base, subject: check.subject });
      const tls = url.protocol === "https:";
      let upstream: PinnedResponse;
      try {
        upstream = await ctx.pinnedFetch({
          target: { host, port: url.port === "" ? (tls ? 443 : 80) : Number(url.port), tls, checked: resolver.checked(host) },
          method: "GET",
          path: `${url.pathname}${url.search}`,
          headers: [["Host", url.host], ["User-Agent", settings.fetch.userAgent], ["Accept", ACCEPT], ["Accept-Encoding", "identity"], ["Via", "1.1 pipelock"]],
          timeoutMs: settings.fetch.timeoutMs,
          signal: controller.signal,
        });
      } catch (err) {
        const e = err instanceof UpstreamError ? err : new UpstreamError("connect_failed", String(err));
        const code = controller.signal.aborted && e.failure !== "denied" ? "upstream_timeout" : upstreamDenyCode(e);
        const block: BlockInfo = { code, direction: "request", reason: `Upstream ${url.host}: ${e.message}`, findings: e.verdict?.findings ?? [], failure: e.failure, explain: settings.explainBlocks };
        return blocked(res, ctx, url, block, hop > 0, base);
      }
      const status = upstream.response.status;
      const location = upstream.response.headers.get("location") ?? undefined;
      if (REDIRECTS.has(status) && location !== undefined) {
        void upstream.response.body?.cancel().catch(() => {});
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return blocked(res, ctx, url, { code: "upstream_failed", direction: "response", reason: "the redirect Location is not a valid URL", failure: "bad_redirect", explain: settings.explainBlocks }, true, base);
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          return blocked(res, ctx, url, { code: "blocked", direction: "response", reason: `redirect blocked: scheme ${next.protocol.slice(0, 20)} is not fetchable`, failure: "bad_redirect", explain: settings.explainBlocks }, true, base);
        }
        url = next;
        continue;
      }
      return await deliver(ctx, view, res, url, upstream, agent, base);
    }
    return blocked(res, ctx, url, { code: "blocked", direction: "response", reason: `redirect blocked: more than ${MAX_REDIRECTS} redirects`, failure: "too_many_redirects", explain: settings.explainBlocks }, true, base);
  } finally {
    clearTimeout(timer);
  }
}

async function deliver(ctx: HttpDoorContext, view: PolicyView, res: ServerResponse, url: URL, upstream: PinnedResponse, agent: string | undefined, base: EventBase): Promise<void> {
  const settings = view.settings;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const status = upstream.response.status;
  const contentType = upstream.response.headers.get("content-type") ?? "";
  const encoding = (upstream.response.headers.get("content-encoding") ?? "identity").toLowerCase();
  if (encoding !== "identity") {
    upstream.abort();
    return blocked(res, ctx, url, { code: "blocked", direction: "response", reason: `the response is compressed (${encoding.slice(0, 20)}) although identity was asked for; not inspectable`, failure: "compressed_response", explain: settings.explainBlocks }, false, base);
  }
  const signal = AbortSignal.timeout(settings.fetch.timeoutMs);
  const body = await readAll(upstream, settings.fetch.maxResponseBytes, signal);
  if (!body.ok) {
    const code = body.failure === "upstream_timeout" ? "upstream_timeout" : "upstream_failed";
    const reason = body.failure === "response_too_large" ? `the response is over fetch_proxy.max_response_mb (${settings.fetch.maxResponseBytes} bytes)` : `the upstream response broke off (${body.failure})`;
    return blocked(res, ctx, url, { code, direction: "response", reason, failure: body.failure, explain: settings.explainBlocks }, false, base);
  }
  ctx.admission?.record(host, agent, body.bytes.byteLength);
  if (!TEXTUAL.test(contentType) && contentType !== "") {
    return answer(res, 200, { url: url.href, ...(agent ? { agent } : {}), status_code: status, content_type: contentType, blocked: false, error: "the content is not text; fetch it through the forward proxy instead" }, ctx, { ...base, decision: "allow", target: redactTarget(url.href), bytes: body.bytes.byteLength });
  }
  const raw = new TextDecoder("utf-8", { fatal: false }).decode(body.bytes);
  const isHtml = /html/i.test(contentType) || (contentType === "" && /^\s*<(!doctype|html)/i.test(raw));
  const page = isHtml ? ctx.inspection.readable(raw) : { title: "", text: raw, hidden: "" };
  const findings: Finding[] = [];
  if (settings.response.enabled && page.hidden.length > 0) {
    const hidden = await view.scan({ kind: "content", content: page.hidden, host });
    if (hidden.decision === "deny") return blocked(res, ctx, url, blockFromVerdict(hidden, "response", settings.explainBlocks, "Hidden page text blocked"), false, { ...base, subject: "content" });
    findings.push(...hidden.findings);
  }
  let content = page.text;
  if (settings.response.enabled) {
    const visible = await scanThrough(ctx, view, host, content);
    if (visible.decision === "deny") {
      return blocked(res, ctx, url, { code: "blocked", direction: "response", reason: `Page content blocked: ${visible.findings[0]?.message ?? "it could not be inspected"}`, findings: visible.findings, ...(visible.failure ? { failure: visible.failure } : {}), explain: settings.explainBlocks }, false, { ...base, subject: "content" });
    }
    content = visible.text;
    findings.push(...visible.findings);
  }
  const out: FetchAnswer = { url: url.href, ...(agent ? { agent } : {}), status_code: status, content_type: contentType, title: page.title, content, blocked: false };
  return answer(res, 200, out, ctx, { ...base, decision: "allow", ...(findings.length > 0 ? { action: "warn" as const } : {}), subject: "content", target: redactTarget(url.href), findings, bytes: body.bytes.byteLength });
}

/** Run text through the streaming response scanner (so strip and warn behave as on the proxy). */
async function scanThrough(ctx: HttpDoorContext, view: PolicyView, host: string, text: string): Promise<{ decision: "allow" | "deny"; text: string; findings: readonly Finding[]; failure?: string }> {
  const scan = ctx.inspection.responseScan({ contentType: "text/plain; charset=utf-8", contentEncoding: undefined, host, scan: (s) => view.scan(s) });
  if (!scan) {
    const verdict = await view.scan({ kind: "content", content: text, host });
    return { decision: verdict.decision, text, findings: verdict.findings, ...(verdict.failure ? { failure: verdict.failure } : {}) };
  }
  const input = new Blob([text]).stream();
  let output = "";
  try {
    output = await new Response(input.pipeThrough(scan.stream)).text();
  } catch {
    // The outcome says why.
  }
  const outcome = await scan.outcome;
  return { decision: outcome.decision, text: output, findings: outcome.findings, ...(outcome.failure ? { failure: outcome.failure } : {}) };
}

type EventBase = { door: "fetch"; method: string; startedAt: number; agent?: string; subject?: SubjectKind };

function blocked(res: ServerResponse, ctx: HttpDoorContext, url: URL, block: BlockInfo, redirected: boolean, base: EventBase): void {
  const top = block.findings?.find((f) => f.action === "block") ?? block.findings?.[0];
  const contentBased = block.findings?.some((f) => f.scanner === "dlp") ?? false;
  const shownUrl = contentBased ? redactTarget(url.href, block.findings) : url.href;
  const reason = redirected && !block.reason.startsWith("redirect blocked") ? `redirect blocked: ${block.reason}` : block.reason;
  const status = { blocked: 403, rate_limited: 429, upstream_failed: 502, upstream_timeout: 504 }[block.code as string] ?? 403;
  const body: FetchAnswer = {
    url: shownUrl,
    ...(base.agent ? { agent: base.agent } : {}),
    blocked: true,
    block_reason: reason,
    ...(top ? { rule_id: top.rule_id } : {}),
    ...(block.explain && top?.exempt ? { exempt: top.exempt } : {}),
    // A response-side excerpt is the hostile text itself: the agent never gets it back.
    ...(block.findings && block.findings.length > 0 ? { findings: block.findings.slice(0, 10).map((f) => (block.direction === "response" ? { ...f, excerpt: undefined } : f)) } : {}),
  };
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8", "X-Pipelock-Decision": "deny", "Cache-Control": "no-store" };
  if (top) headers["X-Pipelock-Rule"] = top.rule_id;
  else if (block.failure) headers["X-Pipelock-Rule"] = `pipelock.${block.failure}`;
  if (block.code === "rate_limited") headers["Retry-After"] = String(block.retryAfterSec ?? 1);
  if (!res.headersSent) {
    res.writeHead(status, headers);
    res.end(JSON.stringify(body) + "\n");
  }
  emitDecision(ctx.sink, { ...base, direction: block.direction, decision: "deny", status, target: redactTarget(url.href, block.findings), findings: block.findings ?? [], ...(block.failure ? { failure: block.failure } : {}) });
}

function answer(res: ServerResponse, status: number, body: FetchAnswer, ctx: HttpDoorContext, event: EventBase & { decision: "allow" | "deny"; action?: "warn"; failure?: string; target?: string; findings?: readonly Finding[]; bytes?: number }): void {
  if (!res.headersSent) {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "X-Pipelock-Decision": event.decision === "allow" ? (event.action ?? "allow") : "deny", "Cache-Control": "no-store" });
    res.end(JSON.stringify(body) + "\n");
  }
  emitDecision(ctx.sink, { ...event, direction: "request", status });
}
