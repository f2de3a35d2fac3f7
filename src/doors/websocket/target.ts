/**
 * @module Where a WebSocket goes: the `url=` of a `/ws?url=ws(s)://…` request (re-extracted raw when
 * the target carried an unencoded `&`), and the headers pipelock forwards upstream (an allowlist:
 * credentials the agent chose to send, subprotocols, Origin per policy, Cookie only when enabled,
 * User-Agent tagged with pipelock's version).
 */
import type { IncomingMessage } from "node:http";
import type { OriginPolicy } from "../../config/sections/websocket-proxy.ts";

/** Longest target URL accepted. */
export const MAX_WS_TARGET_CHARS = 8192;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;
/** Query parameters of `/ws` itself; anything else means the target's own `&` was not encoded. */
const OWN_PARAMS = new Set(["url", "agent"]);

export type TargetResult = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** The `ws://` / `wss://` target of a `/ws?url=` request. */
export function parseWsTarget(requestUrl: string): TargetResult {
  const q = requestUrl.indexOf("?");
  if (q < 0) return { ok: false, reason: "missing url parameter" };
  const query = requestUrl.slice(q + 1);
  const params = new URLSearchParams(query);
  let raw = params.get("url");
  if (raw === null) return { ok: false, reason: "missing url parameter" };
  if ([...params.keys()].some((k) => !OWN_PARAMS.has(k))) {
    const at = query.startsWith("url=") ? 4 : query.indexOf("&url=") + 5;
    raw = query.slice(at);
    if (/^wss?%3A/i.test(raw)) raw = safeDecode(raw);
  }
  raw = raw.replace(CONTROL_CHARS, "").trim();
  if (raw.length === 0) return { ok: false, reason: "missing url parameter" };
  if (raw.length > MAX_WS_TARGET_CHARS) return { ok: false, reason: `target URL longer than ${MAX_WS_TARGET_CHARS} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "target is not a valid URL" };
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") return { ok: false, reason: "target must be a ws:// or wss:// URL" };
  if (url.username || url.password) return { ok: false, reason: "credentials in the target URL are not forwarded; send an Authorization header" };
  url.hash = "";
  return { ok: true, url };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The http(s) form of a ws(s) URL, for the URL scanner. */
export function httpFormOf(url: URL): string {
  const copy = new URL(url.href);
  return `${url.protocol === "wss:" ? "https:" : "http:"}${copy.href.slice(copy.protocol.length)}`;
}

/** Target for events: scheme, host, port and path; never the query. */
export function eventTarget(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

const FORWARDED = ["authorization", "x-api-key", "x-goog-api-key", "sec-websocket-protocol"] as const;

export interface ForwardOptions {
  readonly originPolicy: OriginPolicy;
  readonly forwardCookies: boolean;
  readonly version: string;
}

/** Headers pipelock sends upstream, in order, with their original names. */
export function forwardedHeaders(req: IncomingMessage, target: URL, options: ForwardOptions): [string, string][] {
  const out: [string, string][] = [];
  const raw = req.rawHeaders;
  const pick = (name: string) => {
    for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) out.push([raw[i]!, raw[i + 1]!]);
  };
  for (const name of FORWARDED) pick(name);
  if (options.forwardCookies) pick("cookie");
  if (options.originPolicy === "forward") pick("origin");
  else if (options.originPolicy === "rewrite") out.push(["Origin", `${target.protocol === "wss:" ? "https" : "http"}://${target.host}`]);
  const ua = req.headers["user-agent"];
  out.push(["User-Agent", `${typeof ua === "string" && ua ? `${ua} ` : ""}pipelock/${options.version}`]);
  return out;
}
