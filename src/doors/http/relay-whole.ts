/**
 * @module The relay's fast path: a response body of known length up to SMALL_BODY_BYTES is read whole
 * (bounded by that size and the idle timer), inspected with one scan, and answered in one write.
 * No stream machinery on the common path; a block is always a clean answer.
 */
import type { IncomingMessage } from "node:http";
import type { Finding } from "../../engine/index.ts";
import type { PolicyView } from "./context.ts";
import type { HeaderPairs } from "./headers.ts";
import { cleanBlock, idleTimer, LENGTH_AND_ENCODING, LENGTH_ONLY, responseBlock, toHeaderObject } from "./relay-support.ts";
import type { RelayOptions, RelayOutcome } from "./relay-response.ts";

/** Bodies with a known length up to this are read whole and inspected with one scan. */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Read, inspect and answer a small body. */
export async function relayWhole(o: RelayOptions, status: number, head: HeaderPairs): Promise<RelayOutcome> {
  const { res, upstream } = o;
  const read = await readSmall(upstream, o.idleTimeoutMs);
  if (!read.ok) {
    return cleanBlock(res, responseBlock([], read.failure, o.view.settings.explainBlocks), [], read.failure);
  }
  let body = read.body;
  let headers = head;
  const findings: Finding[] = [];
  if (o.view.settings.response.enabled) {
    const inspected = o.inspection.responseBody(scanRequest(o), body);
    if (inspected) {
      const r = await inspected;
      findings.push(...r.findings);
      if (r.decision === "deny") return cleanBlock(res, responseBlock(r.findings, r.failure, o.view.settings.explainBlocks), r.findings, r.failure);
      if (r.body !== body || r.decoded) headers = head.filter(([n]) => !(r.decoded ? LENGTH_AND_ENCODING : LENGTH_ONLY).has(n.toLowerCase()));
      body = r.body;
    }
  }
  if (res.destroyed) return { decision: "allow", status, findings, failure: "client_closed", bytes: 0 };
  res.writeHead(status, upstream.statusMessage, toHeaderObject(headers));
  res.end(body);
  return { decision: "allow", status, findings, bytes: body.byteLength };
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
