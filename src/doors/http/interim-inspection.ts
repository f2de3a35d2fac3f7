/**
 * @module INTERIM body inspection, used until src/doors/body (decompression, JSON/form/multipart
 * extraction, HTML readability, the streaming scanner with strip) is wired in its place by
 * `bodyInspection()` in run.ts. Deliberately small and strict: any Content-Encoding is refused,
 * bodies are scanned as raw text, responses are scanned per chunk with an overlap window (SSE per
 * event), and a deny cuts the stream. It never passes what it did not scan.
 */
import type { Finding } from "../../engine/index.ts";
import type { HeaderMode } from "./context.ts";
import type { BodyText, Inspection, Readable, ResponseScan, ResponseScanRequest, StreamOutcome, WholeBodyResult } from "./inspection.ts";

const SENSITIVE = new Set(["authorization", "cookie", "x-api-key", "x-token", "proxy-authorization", "x-goog-api-key"]);
const STRUCTURAL = new Set(["connection", "keep-alive", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "content-type", "accept", "accept-encoding", "user-agent"]);
const SCANNED_TYPES = /^(text\/|application\/(json|xml|xhtml\+xml|javascript|x-ndjson)|[^;]*\+(json|xml)|$)/i;
/** Characters kept from the previous chunk so a match across a chunk boundary is seen. */
const OVERLAP_CHARS = 4096;
/** Longest SSE event buffered before it is scanned anyway. */
const MAX_EVENT_CHARS = 1024 * 1024;

export function interimInspection(): Inspection {
  return {
    headerText(raw: readonly string[], mode: HeaderMode): string {
      const parts: string[] = [];
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = raw[i]!.toLowerCase();
        if (mode === "sensitive" ? SENSITIVE.has(name) : !STRUCTURAL.has(name)) parts.push(mode === "all" ? `${raw[i]}: ${raw[i + 1]}` : raw[i + 1]!);
      }
      return parts.join("\n");
    },
    async requestBody(body: Uint8Array, raw: readonly string[], maxBytes: number): Promise<BodyText> {
      if (body.byteLength > maxBytes) return { ok: false, status: 413, failure: "body_too_large", reason: `the request body is over the ${maxBytes}-byte limit` };
      for (let i = 0; i + 1 < raw.length; i += 2) {
        if (raw[i]!.toLowerCase() === "content-encoding" && raw[i + 1]!.trim().toLowerCase() !== "identity") {
          return { ok: false, status: 403, failure: "compressed_body", reason: "compressed request bodies cannot be inspected by this build" };
        }
      }
      return { ok: true, text: new TextDecoder().decode(body) };
    },
    responseScan(request: ResponseScanRequest): ResponseScan | undefined {
      const type = (request.contentType ?? "").split(";")[0]!.trim();
      if (!SCANNED_TYPES.test(type)) return undefined;
      const encoded = (request.contentEncoding ?? "identity").trim().toLowerCase() !== "identity";
      return chunkScanner(request, type === "text/event-stream", encoded);
    },
    responseBody(request: ResponseScanRequest, body: Uint8Array): Promise<WholeBodyResult> | undefined {
      const type = (request.contentType ?? "").split(";")[0]!.trim();
      if (!SCANNED_TYPES.test(type)) return undefined;
      return (async (): Promise<WholeBodyResult> => {
        if ((request.contentEncoding ?? "identity").trim().toLowerCase() !== "identity") return { decision: "deny", body: new Uint8Array(0), findings: [], failure: "compressed_response" };
        const verdict = await request.scan({ kind: "content", content: new TextDecoder().decode(body), host: request.host });
        return { decision: verdict.decision, body, findings: verdict.findings, ...(verdict.failure ? { failure: verdict.failure } : {}) };
      })();
    },
    readable(html: string): Readable {
      const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]?.trim() ?? "";
      const text = html
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim();
      return { title, text, hidden: "" };
    },
  };
}

function chunkScanner(request: ResponseScanRequest, sse: boolean, encoded: boolean): ResponseScan {
  let resolveOutcome!: (o: StreamOutcome) => void;
  const outcome = new Promise<StreamOutcome>((r) => (resolveOutcome = r));
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const findings: Finding[] = [];
  let tail = "";
  let pending = "";
  let bytes = 0;
  const check = async (text: string): Promise<boolean> => {
    const verdict = await request.scan({ kind: "content", content: text, host: request.host });
    findings.push(...verdict.findings);
    if (verdict.decision === "deny") {
      resolveOutcome({ decision: "deny", findings: verdict.findings, bytes, ...(verdict.failure ? { failure: verdict.failure } : {}) });
      return false;
    }
    return true;
  };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      if (encoded) {
        resolveOutcome({ decision: "deny", findings: [], bytes, failure: "compressed_response" });
        throw new Error("compressed response");
      }
      const text = decoder.decode(chunk, { stream: true });
      if (!sse) {
        if (!(await check(tail + text))) throw new Error("blocked");
        tail = (tail + text).slice(-OVERLAP_CHARS);
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
        return;
      }
      pending += text;
      for (;;) {
        const end = pending.search(/\r?\n\r?\n/);
        if (end < 0) break;
        const sep = /\r?\n\r?\n/.exec(pending.slice(end))![0].length;
        const event = pending.slice(0, end + sep);
        pending = pending.slice(end + sep);
        if (!(await check(event))) throw new Error("blocked");
        const out = encoder.encode(event);
        bytes += out.byteLength;
        controller.enqueue(out);
      }
      if (pending.length > MAX_EVENT_CHARS) {
        resolveOutcome({ decision: "deny", findings: [], bytes, failure: "sse_event_too_large" });
        throw new Error("event too large");
      }
    },
    async flush(controller) {
      const rest = pending + decoder.decode();
      if (rest.length > 0) {
        if (!(await check(rest))) throw new Error("blocked");
        const out = encoder.encode(rest);
        bytes += out.byteLength;
        controller.enqueue(out);
      }
      resolveOutcome({ decision: "allow", findings, bytes });
    },
  });
  // An aborted writable (upstream reset) errors the stream; settle the outcome too.
  const guarded = {
    readable: stream.readable,
    writable: new WritableStream<Uint8Array>({
      write: (c) => writer.write(c),
      close: () => writer.close(),
      abort: (reason) => {
        resolveOutcome({ decision: "deny", findings, bytes, failure: "upstream_reset" });
        return writer.abort(reason);
      },
    }),
  } as TransformStream<Uint8Array, Uint8Array>;
  const writer = stream.writable.getWriter();
  return { stream: guarded, outcome, sse, decodes: false };
}
