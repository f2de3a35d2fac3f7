/**
 * @module Cross-request detection as the HTTP doors see it: which session a request belongs to
 * (agent and client address) and the outbound pieces it carries — URL query values and path tail,
 * the first 64 KiB of the body, or one WebSocket message. The judging is the engine's (through the
 * store-backed tracker the composition root puts on the PolicyView); doors only cut pieces.
 */
import { bodyFragments, FIELDS, urlFragments, type CrossRequestFragment } from "../../engine/scanners/cross-request/index.ts";
import { rawHeader } from "./headers.ts";

/** Body bytes (or message characters) handed to cross-request detection (the reference's 64 KiB). */
export const CROSS_REQUEST_BODY_BYTES = 64 * 1024;
/** Longest session-key part kept (agent names and addresses are short; a hostile header is cut). */
const MAX_KEY_PART_CHARS = 128;

/** `agent|clientIp`, or the client address alone; "-" when the address is unknown. */
export function crossRequestSession(agent: string | undefined, clientIp: string | undefined): string {
  const ip = (clientIp ?? "-").slice(0, MAX_KEY_PART_CHARS);
  return agent !== undefined && agent.length > 0 ? `${agent.slice(0, MAX_KEY_PART_CHARS)}|${ip}` : ip;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * A request's pieces: the URL's, then the body's (raw when it travels unencoded; the extracted text
 * when it is compressed, since the raw bytes then say nothing).
 */
export function requestFragments(url: string, rawHeaders: readonly string[], body: Uint8Array | undefined, extracted: string | undefined): CrossRequestFragment[] {
  const pieces = urlFragments(url);
  if (body === undefined || body.byteLength === 0) return pieces;
  const encoding = (rawHeader(rawHeaders, "content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") {
    const text = decoder.decode(body.byteLength > CROSS_REQUEST_BODY_BYTES ? body.subarray(0, CROSS_REQUEST_BODY_BYTES) : body);
    pieces.push(...bodyFragments(text, rawHeader(rawHeaders, "content-type") ?? ""));
  } else if (extracted !== undefined && extracted.length > 0) {
    pieces.push(...bodyFragments(extracted.slice(0, CROSS_REQUEST_BODY_BYTES), "text/plain"));
  }
  return pieces;
}

/** One reassembled client→server WebSocket text message (JSON by its leaves, else one `ws` piece). */
export function messageFragments(text: string): CrossRequestFragment[] {
  return bodyFragments(text.slice(0, CROSS_REQUEST_BODY_BYTES)).map((f) => (f.field === FIELDS.body ? { ...f, field: FIELDS.ws } : f));
}
