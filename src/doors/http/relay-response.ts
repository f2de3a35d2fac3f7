/**
 * @module The response side of the HTTP doors: copy the upstream head (hop-by-hop removed, Via
 * added) and stream the body to the client — through the injection scanner for text types (the
 * stream stays a stream), straight through otherwise. A block before the first byte is a clean
 * 403; after it, SSE ends with an explanatory event and anything else is cut (the client sees a
 * truncated message, never a silently shortened "complete" one). Upstream resets and stalls cut too.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Finding } from "../../engine/index.ts";
import { blockAnswer, decidingFinding, type BlockInfo } from "./block.ts";
import { forwardHeaders, type HeaderPairs } from "./headers.ts";
import type { PolicyView } from "./context.ts";
import { noteStreamed } from "./gc-nudge.ts";
import type { Inspection, StreamOutcome } from "./inspection.ts";

export interface RelayOptions {
  readonly res: ServerResponse;
  readonly upstream: IncomingMessage;
  readonly method: string;
  readonly host: string;
  readonly view: PolicyView;
  readonly inspection: Inspection;
  /** A body that sends nothing for this long is cut (0 = no limit). */
  readonly idleTimeoutMs: number;
  /** Headers pipelock adds to the answer (after the upstream's). */
  readonly extraHeaders?: HeaderPairs;
}

export interface RelayOutcome {
  readonly decision: "allow" | "deny";
  readonly status: number;
  readonly findings: readonly Finding[];
  readonly failure?: string;
  readonly bytes: number;
  /** True when the deny was answered with a clean block (nothing of the body sent). */
  readonly clean?: boolean;
}

const NO_BODY_STATUS = new Set([204, 304]);
/** Bodies with a known length up to this are read whole and inspected with one scan. */
export const SMALL_BODY_BYTES = 64 * 1024;
const LENGTH_AND_ENCODING = new Set(["content-length", "content-encoding"]);
const LENGTH_ONLY = new Set(["content-length"]);

export function toHeaderObject(pairs: HeaderPairs): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

export async function relayResponse(o: RelayOptions): Promise<RelayOutcome> {
  const { res, upstream } = o;
  const status = upstream.statusCode ?? 502;
  const head = [...forwardHeaders(upstream.rawHeaders, { via: true }), ...(o.extraHeaders ?? [])];
  const bodyless = o.method === "HEAD" || NO_BODY_STATUS.has(status) || (status >= 100 && status < 200);
  if (bodyless) {
    res.writeHead(status, upstream.statusMessage, toHeaderObject(head));
    res.end();
    upstream.resume();
    return { decision: "allow", status, findings: [], bytes: 0 };
  }
  const length = Number(upstream.headers["content-length"]);
  const sse = /^\s*text\/event-stream/i.test(upstream.headers["content-type"] ?? "");
  if (Number.isInteger(length) && length >= 0 && length <= SMALL_BODY_BYTES && !sse) return whole(o, status, head);
  const scan = o.view.settings.response.enabled
    ? o.inspection.responseScan({
        contentType: upstream.headers["content-type"],
        contentEncoding: upstream.headers["content-encoding"],
        host: o.host,
        scan: (subject) => o.view.scan(subject),
      })
    : undefined;
  if (!scan) return passThrough(o, status, head);
  const headers = head.filter(([n]) => !(scan.decodes ? LENGTH_AND_ENCODING : LENGTH_ONLY).has(n.toLowerCase()));
  return scanned(o, status, headers, scan);
}

/**
 * Small bodies of known length: read whole (bounded by SMALL_BODY_BYTES and the idle timer), inspect
 * with one scan, answer in one write. No stream machinery on the common path.
 */
async function whole(o: RelayOptions, status: number, head: HeaderPairs): Promise<RelayOutcome> {
  const { res, upstream } = o;
  const read = await readSmall(upstream, o.idleTimeoutMs);
  if (!read.ok) {
    return cleanBlock(res, responseBlock([], read.failure, o.view.settings.explainBlocks), status, [], read.failure);
  }
  let body = read.body;
  let headers = head;
  const findings: Finding[] = [];
  if (o.view.settings.response.enabled) {
    const inspected = o.inspection.responseBody(scanRequest(o), body);
    if (inspected) {
      const r = await inspected;
      findings.push(...r.findings);
      if (r.decision === "deny") return cleanBlock(res, responseBlock(r.findings, r.failure, o.view.settings.explainBlocks), status, r.findings, r.failure);
      if (r.body !== body || r.decoded) headers = head.filter(([n]) => !(r.decoded ? LENGTH_AND_ENCODING : LENGTH_ONLY).has(n.toLowerCase()));
      body = r.body;
    }
  }
  if (res.destroyed) return { decision: "allow", status, findings, failure: "client_closed", bytes: 0 };
  res.writeHead(status, upstream.statusMessage, toHeaderObject(headers));
  res.end(body);
  return { decision: "allow", status, findings, bytes: body.byteLength };
}

function cleanBlock(res: ServerResponse, block: BlockInfo, status: number, findings: readonly Finding[], failure: string | undefined): RelayOutcome {
  const answer = blockAnswer(block);
  if (!res.headersSent && !res.destroyed) {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }
  void status;
  return { decision: "deny", status: answer.status, findings, ...(failure ? { failure } : {}), bytes: 0, clean: true };
}

function scanRequest(o: RelayOptions) {
  return {
    contentType: o.upstream.headers["content-type"],
    contentEncoding: o.upstream.headers["content-encoding"],
    host: o.host,
    scan: (subject: Parameters<PolicyView["scan"]>[0]) => o.view.scan(subject),
  };
}

type SmallRead = { ok: true; body: Uint8Array } | { ok: false; failure: string };

function readSmall(upstream: IncomingMessage, idleMs: number): Promise<SmallRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: SmallRead) => {
      if (done) return;
      done = true;
      idle.stop();
      if (!r.ok) upstream.destroy();
      resolve(r);
    };
    const idle = idleTimer(idleMs, () => finish({ ok: false, failure: "upstream_idle_timeout" }));
    upstream.on("data", (c: Buffer) => {
      idle.touch();
      size += c.byteLength;
      if (size > SMALL_BODY_BYTES) return finish({ ok: false, failure: "upstream_length_mismatch" });
      chunks.push(c);
    });
    upstream.on("end", () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) }));
    upstream.on("close", () => {
      if (!upstream.complete) finish({ ok: false, failure: "upstream_reset" });
    });
    upstream.on("error", () => finish({ ok: false, failure: "upstream_reset" }));
  });
}

/** Unscanned types: bytes flow straight through with an idle bound and reset detection. */
function passThrough(o: RelayOptions, status: number, head: HeaderPairs): Promise<RelayOutcome> {
  const { res, upstream } = o;
  res.writeHead(status, upstream.statusMessage, toHeaderObject(head));
  return new Promise((resolve) => {
    let bytes = 0;
    let done = false;
    const finish = (outcome: RelayOutcome) => {
      if (done) return;
      done = true;
      idle.stop();
      resolve(outcome);
    };
    const idle = idleTimer(o.idleTimeoutMs, () => {
      upstream.destroy();
      res.destroy();
      finish({ decision: "deny", status, findings: [], failure: "upstream_idle_timeout", bytes });
    });
    upstream.on("data", (chunk: Buffer) => {
      bytes += chunk.byteLength;
      idle.touch();
      noteStreamed(chunk.byteLength);
    });
    upstream.on("close", () => {
      if (!upstream.complete) {
        res.destroy();
        finish({ decision: "deny", status, findings: [], failure: "upstream_reset", bytes });
      }
    });
    upstream.on("error", () => {});
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
      finish({ decision: "allow", status, findings: [], bytes, ...(res.writableFinished ? {} : { failure: "client_closed" }) });
    });
    upstream.pipe(res);
  });
}

/** Text types: upstream → scanner → client, keeping the stream a stream. */
async function scanned(o: RelayOptions, status: number, head: HeaderPairs, scan: NonNullable<ReturnType<Inspection["responseScan"]>>): Promise<RelayOutcome> {
  const { res, upstream } = o;
  let upstreamFailure: string | undefined;
  const idle = idleTimer(o.idleTimeoutMs, () => {
    upstreamFailure = "upstream_idle_timeout";
    upstream.destroy(new Error("idle"));
  });
  const writer = scan.stream.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const chunk of upstream) {
        idle.touch();
        await writer.write(chunk as Uint8Array);
      }
      if (!upstream.complete) throw new Error("upstream closed early");
      await writer.close();
    } catch (err) {
      upstreamFailure ??= "upstream_reset";
      await writer.abort(err).catch(() => {});
    } finally {
      idle.stop();
    }
  })();
  const reader = scan.stream.readable.getReader();
  let clientGone = false;
  res.on("close", () => {
    if (!res.writableFinished) {
      clientGone = true;
      upstream.destroy();
      reader.cancel().catch(() => {});
    }
  });
  let started = false;
  let bytes = 0;
  let readFailed = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!started) {
        res.writeHead(status, upstream.statusMessage, toHeaderObject(head));
        started = true;
      }
      bytes += value.byteLength;
      noteStreamed(value.byteLength);
      if (!res.write(value) && !clientGone) await drained(res);
      if (clientGone) break;
    }
  } catch {
    readFailed = true;
  }
  await pump;
  const outcome = await settled(scan.outcome, bytes);
  if (clientGone) return { decision: "allow", status, findings: outcome.findings, failure: "client_closed", bytes };
  const denied = outcome.decision === "deny" || readFailed || upstreamFailure !== undefined;
  if (!denied) {
    if (!started) res.writeHead(status, upstream.statusMessage, toHeaderObject(head));
    res.end();
    return { decision: "allow", status, findings: outcome.findings, bytes };
  }
  const failure = outcome.failure ?? (outcome.decision === "deny" ? undefined : upstreamFailure);
  const block = responseBlock(outcome.findings, failure, o.view.settings.explainBlocks);
  if (!started) {
    const answer = blockAnswer(block);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return { decision: "deny", status: answer.status, findings: outcome.findings, ...(failure ? { failure } : {}), bytes, clean: true };
  }
  if (scan.sse) {
    res.end(`event: pipelock_blocked\ndata: ${blockAnswer(block).body.trim()}\n\n`);
  } else {
    res.destroy();
  }
  return { decision: "deny", status, findings: outcome.findings, ...(failure ? { failure } : {}), bytes };
}

/** Time a scanner gets to report after its stream ended before the relay assumes the worst. */
const OUTCOME_GRACE_MS = 5_000;

/** The scanner's outcome, or a deny when it never reports (a scanner bug must not hang or allow). */
function settled(outcome: Promise<StreamOutcome>, bytes: number): Promise<StreamOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<StreamOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ decision: "deny", findings: [], bytes, failure: "scanner_stalled" }), OUTCOME_GRACE_MS);
  });
  return Promise.race([outcome, stalled]).finally(() => clearTimeout(timer));
}

function responseBlock(findings: readonly Finding[], failure: string | undefined, explain: boolean): BlockInfo {
  const top = decidingFinding(findings);
  const upstreamProblem = failure === "upstream_reset" || failure === "upstream_idle_timeout" || failure === "upstream_length_mismatch";
  return {
    code: upstreamProblem ? (failure === "upstream_idle_timeout" ? "upstream_timeout" : "upstream_failed") : "blocked",
    direction: "response",
    reason: top ? `Response blocked: ${top.message}` : upstreamProblem ? `The upstream response broke off (${failure}); the partial body was not passed` : "Response blocked: it could not be inspected",
    findings,
    ...(failure !== undefined ? { failure } : {}),
    explain,
  };
}

/** Resolve when `res` drains or closes; both listeners are removed either way (no per-chunk leak). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

interface IdleTimer {
  touch(): void;
  stop(): void;
}

/** Fires `onIdle` after `ms` without a touch (0 = never). Re-arms lazily to keep per-chunk cost low. */
export function idleTimer(ms: number, onIdle: () => void): IdleTimer {
  if (ms <= 0) return { touch() {}, stop() {} };
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const quiet = Date.now() - last;
      if (quiet >= ms) onIdle();
      else arm(ms - quiet);
    }, delay);
  };
  arm(ms);
  return {
    touch() {
      last = Date.now();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
