/**
 * @module The response side of the HTTP doors, on a fetch() upstream: the head is copied
 * (hop-by-hop headers removed, Via added) and the answer built as a web Response (Bun.serve returns
 * it; the node:http listener writes it with writeWebResponse). Bodyless answers pass at once; a
 * small body of known length is inspected whole; anything else streams through the injection scanner (or
 * straight through for unscanned types) pull by pull, so memory stays bounded by backpressure. A
 * block before the first byte is a clean 403; after it SSE ends with an explanatory event and
 * anything else is cut. Upstream resets and stalls (the idle timer aborts the fetch) cut too. The
 * outcome is reported once through `done`, when the exchange is decided.
 */
import type { Finding } from "../../engine/index.ts";
import { blockAnswer } from "./block.ts";
import type { PolicyView } from "./context.ts";
import { noteStreamed } from "./gc-nudge.ts";
import { forwardHeaders, type HeaderPairs } from "./headers.ts";
import type { Inspection, ResponseScanRequest, StreamOutcome } from "./inspection.ts";
import { idleTimer, LENGTH_AND_ENCODING, LENGTH_ONLY, responseBlock } from "./relay-support.ts";

/** Bodies with a known length up to this are read whole and inspected with one scan. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** How one relayed exchange ended. */
export interface RelayOutcome {
  readonly decision: "allow" | "deny";
  readonly status: number;
  readonly findings: readonly Finding[];
  readonly failure?: string;
  readonly bytes: number;
  /** True when the deny was answered with a clean block (nothing of the body sent). */
  readonly clean?: boolean;
}

export interface WebRelayOptions {
  readonly upstream: Response;
  /** Aborts the upstream fetch (its body then errors): used by the idle timer. */
  readonly abortUpstream: () => void;
  readonly method: string;
  readonly host: string;
  readonly view: PolicyView;
  readonly inspection: Inspection;
  /** A body that sends nothing for this long is cut (0 = no limit). */
  readonly idleTimeoutMs: number;
  readonly extraHeaders?: HeaderPairs;
  /** Called exactly once with how the exchange ended. */
  readonly done: (outcome: RelayOutcome) => void;
}

const NO_BODY_STATUS = new Set([204, 304]);
/** Time a scanner gets to report after its stream ended before the relay assumes the worst. */
const OUTCOME_GRACE_MS = 5_000;
const encoder = new TextEncoder();

/** A fetch() Headers as a raw name/value list (each Set-Cookie on its own). */
export function rawHeadersOf(headers: Headers): string[] {
  const raw: string[] = [];
  for (const [name, value] of headers) if (name !== "set-cookie") raw.push(name, value);
  for (const cookie of headers.getSetCookie()) raw.push("set-cookie", cookie);
  return raw;
}

function headersOf(pairs: HeaderPairs, drop?: ReadonlySet<string>): Headers {
  const h = new Headers();
  for (const [n, v] of pairs) if (!drop?.has(n.toLowerCase())) h.append(n, v);
  return h;
}

export async function relayWebResponse(o: WebRelayOptions): Promise<Response> {
  const { upstream } = o;
  const status = upstream.status;
  const head = [...forwardHeaders(rawHeadersOf(upstream.headers), { via: true }), ...(o.extraHeaders ?? [])];
  const statusText = upstream.statusText;
  if (o.method === "HEAD" || NO_BODY_STATUS.has(status) || upstream.body === null) {
    void upstream.body?.cancel().catch(() => {});
    o.done({ decision: "allow", status, findings: [], bytes: 0 });
    return new Response(null, { status, statusText, headers: headersOf(head) });
  }
  const contentType = upstream.headers.get("content-type") ?? undefined;
  const length = Number(upstream.headers.get("content-length") ?? "NaN");
  const sse = /^\s*text\/event-stream/i.test(contentType ?? "");
  const request: ResponseScanRequest = {
    contentType,
    contentEncoding: upstream.headers.get("content-encoding") ?? undefined,
    host: o.host,
    scan: (subject) => o.view.scan(subject),
  };
  if (Number.isInteger(length) && length >= 0 && length <= SMALL_BODY_BYTES && !sse) return whole(o, status, statusText, head, request);
  const scan = o.view.settings.response.enabled ? o.inspection.responseScan(request) : undefined;
  // A body passed through untouched (an unscanned type) keeps its length; a scanned one may change.
  const headers = headersOf(head, scan === undefined ? undefined : scan.decodes ? LENGTH_AND_ENCODING : LENGTH_ONLY);
  return streamed(o, status, statusText, headers, scan?.stream, scan?.outcome, scan?.sse ?? false);
}

/** Small body: read whole (bounded by the idle timer), one inspection, one answer. */
async function whole(o: WebRelayOptions, status: number, statusText: string, head: HeaderPairs, request: ResponseScanRequest): Promise<Response> {
  const explain = o.view.settings.explainBlocks;
  const idle = idleTimer(o.idleTimeoutMs, o.abortUpstream);
  let body: Uint8Array;
  try {
    body = new Uint8Array(await o.upstream.arrayBuffer());
  } catch {
    return clean(o, responseBlock([], "upstream_reset", explain), [], "upstream_reset");
  } finally {
    idle.stop();
  }
  let drop: ReadonlySet<string> | undefined;
  const findings: Finding[] = [];
  const inspected = o.view.settings.response.enabled ? o.inspection.responseBody(request, body) : undefined;
  if (inspected) {
    const r = await inspected;
    findings.push(...r.findings);
    if (r.decision === "deny") return clean(o, responseBlock(r.findings, r.failure, explain), r.findings, r.failure);
    if (r.body !== body || r.decoded) drop = r.decoded ? LENGTH_AND_ENCODING : LENGTH_ONLY;
    body = r.body;
  }
  o.done({ decision: "allow", status, findings, bytes: body.byteLength });
  return new Response(body, { status, statusText, headers: headersOf(head, drop) });
}

function clean(o: WebRelayOptions, block: ReturnType<typeof responseBlock>, findings: readonly Finding[], failure: string | undefined): Response {
  const answer = blockAnswer(block);
  o.done({ decision: "deny", status: answer.status, findings, ...(failure ? { failure } : {}), bytes: 0, clean: true });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Stream: decide on the first chunk (clean block or head), then pull chunk by chunk. */
async function streamed(
  o: WebRelayOptions,
  status: number,
  statusText: string,
  headers: Headers,
  through: TransformStream<Uint8Array, Uint8Array> | undefined,
  outcome: Promise<StreamOutcome> | undefined,
  sse: boolean,
): Promise<Response> {
  const explain = o.view.settings.explainBlocks;
  let upstreamFailure: string | undefined;
  const idle = idleTimer(o.idleTimeoutMs, () => {
    upstreamFailure = "upstream_idle_timeout";
    o.abortUpstream();
  });
  const source = o.upstream.body!;
  const reader = (through ? source.pipeThrough(through) : source).getReader();
  let bytes = 0;
  let finished = false;
  const finish = (r: RelayOutcome) => {
    if (finished) return;
    finished = true;
    idle.stop();
    o.done(r);
  };
  /** Why the stream ended badly: the scanner's verdict first, else the upstream's failure. */
  const verdict = async (readFailed: boolean): Promise<{ denied: boolean; findings: readonly Finding[]; failure?: string }> => {
    const out = outcome ? await settled(outcome, bytes) : { decision: "allow" as const, findings: [], bytes };
    const failure = out.failure ?? (out.decision === "deny" ? undefined : (upstreamFailure ?? (readFailed ? "upstream_reset" : undefined)));
    return { denied: out.decision === "deny" || readFailed || upstreamFailure !== undefined, findings: out.findings, ...(failure ? { failure } : {}) };
  };
  const read = async (): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array } | undefined> => {
    try {
      const r = await reader.read();
      idle.touch();
      return r;
    } catch {
      return undefined;
    }
  };

  const first = await read();
  if (first === undefined || first.done) {
    const v = await verdict(first === undefined);
    if (v.denied) return clean(o, responseBlock(v.findings, v.failure, explain), v.findings, v.failure);
    finish({ decision: "allow", status, findings: v.findings, bytes: 0 });
    return new Response(null, { status, statusText, headers });
  }
  let pending: Uint8Array | undefined = first.value;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (pending) {
        const chunk = pending;
        pending = undefined;
        bytes += chunk.byteLength;
        noteStreamed(chunk.byteLength);
        controller.enqueue(chunk);
        return;
      }
      const r = await read();
      if (r !== undefined && !r.done) {
        bytes += r.value.byteLength;
        noteStreamed(r.value.byteLength);
        controller.enqueue(r.value);
        return;
      }
      const v = await verdict(r === undefined);
      if (!v.denied) {
        finish({ decision: "allow", status, findings: v.findings, bytes });
        controller.close();
        return;
      }
      finish({ decision: "deny", status, findings: v.findings, ...(v.failure ? { failure: v.failure } : {}), bytes });
      if (sse) {
        controller.enqueue(encoder.encode(`event: pipelock_blocked\ndata: ${blockAnswer(responseBlock(v.findings, v.failure, explain)).body.trim()}\n\n`));
        controller.close();
      } else controller.error(undefined); // resets the client connection; an Error would be logged by Bun.serve on every cut
    },
    cancel() {
      // The client went away: stop reading upstream and record what was passed.
      o.abortUpstream();
      reader.cancel().catch(() => {});
      finish({ decision: "allow", status, findings: [], failure: "client_closed", bytes });
    },
  });
  return new Response(body, { status, statusText, headers });
}

/** The scanner's outcome, or a deny when it never reports (a scanner bug must not hang or allow). */
function settled(outcome: Promise<StreamOutcome>, bytes: number): Promise<StreamOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<StreamOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ decision: "deny", findings: [], bytes, failure: "scanner_stalled" }), OUTCOME_GRACE_MS);
  });
  return Promise.race([outcome, stalled]).finally(() => clearTimeout(timer));
}
