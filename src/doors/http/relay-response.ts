/**
 * @module The response side of the HTTP doors: copy the upstream head (hop-by-hop removed, Via
 * added) and stream the body to the client — through the injection scanner for text types (the
 * stream stays a stream), straight through otherwise. A block before the first byte is a clean
 * 403; after it, SSE ends with an explanatory event and anything else is cut (the client sees a
 * truncated message, never a silently shortened "complete" one). Upstream resets and stalls cut too.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Finding } from "../../engine/index.ts";
import { blockAnswer } from "./block.ts";
import type { PolicyView } from "./context.ts";
import { noteStreamed } from "./gc-nudge.ts";
import { forwardHeaders, type HeaderPairs } from "./headers.ts";
import type { Inspection, StreamOutcome } from "./inspection.ts";
import { drained, idleTimer, LENGTH_AND_ENCODING, LENGTH_ONLY, responseBlock, toHeaderObject } from "./relay-support.ts";
import { relayWhole, SMALL_BODY_BYTES } from "./relay-whole.ts";

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
  if (Number.isInteger(length) && length >= 0 && length <= SMALL_BODY_BYTES && !sse) return relayWhole(o, status, head);
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
