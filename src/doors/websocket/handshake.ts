/**
 * @module The RFC 6455 opening handshake on both legs: validate the agent's upgrade request, compute
 * Sec-WebSocket-Accept, write pipelock's own upgrade request upstream (no extensions offered, so no
 * compression), and read and check the upstream's 101 within a size and time bound.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** Largest upstream handshake response head read. */
export const MAX_HANDSHAKE_RESPONSE_BYTES = 16 * 1024;
/** Subprotocol tokens: RFC 7230 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MAX_SUBPROTOCOLS = 32;

export function acceptKey(key: string): string {
  return createHash("sha1").update(key + WS_GUID).digest("base64");
}

export function newClientKey(): string {
  return randomBytes(16).toString("base64");
}

const headerTokens = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value.join(",") : (value ?? "")).split(",").map((t) => t.trim()).filter(Boolean);

export type ClientUpgrade =
  | { readonly ok: true; readonly key: string; readonly protocols: readonly string[] }
  | { readonly ok: false; readonly status: number; readonly reason: string; readonly headers?: Readonly<Record<string, string>> };

/** Check an agent's upgrade request (RFC 6455 §4.2.1). */
export function validateClientUpgrade(req: IncomingMessage): ClientUpgrade {
  if (req.method !== "GET") return { ok: false, status: 405, reason: "WebSocket upgrades must use GET" };
  if (!headerTokens(req.headers.upgrade).some((t) => t.toLowerCase() === "websocket")) return { ok: false, status: 400, reason: "Upgrade: websocket required" };
  if (!headerTokens(req.headers.connection).some((t) => t.toLowerCase() === "upgrade")) return { ok: false, status: 400, reason: "Connection: Upgrade required" };
  if (req.headers["sec-websocket-version"] !== "13") return { ok: false, status: 426, reason: "only WebSocket version 13 is supported", headers: { "Sec-WebSocket-Version": "13" } };
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string" || Buffer.from(key, "base64").length !== 16 || !/^[A-Za-z0-9+/]{22}==$/.test(key)) return { ok: false, status: 400, reason: "invalid Sec-WebSocket-Key" };
  const protocols = headerTokens(req.headers["sec-websocket-protocol"]);
  if (protocols.length > MAX_SUBPROTOCOLS || !protocols.every((p) => TOKEN.test(p))) return { ok: false, status: 400, reason: "invalid Sec-WebSocket-Protocol" };
  return { ok: true, key, protocols };
}

/** The 101 pipelock sends the agent once the upstream accepted. */
export function switchingProtocols(clientKey: string, protocol: string | undefined): string {
  return [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptKey(clientKey)}`,
    ...(protocol ? [`Sec-WebSocket-Protocol: ${protocol}`] : []),
    "",
    "",
  ].join("\r\n");
}

/** pipelock's upgrade request to the upstream. `headers` are already filtered and checked. */
export function upstreamRequest(target: URL, key: string, headers: readonly (readonly [string, string])[]): string {
  const path = `${target.pathname || "/"}${target.search}`;
  const defaultPort = target.protocol === "wss:" ? "443" : "80";
  const host = target.port && target.port !== defaultPort ? `${target.hostname}:${target.port}` : target.hostname;
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${host}`, "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Key: ${key}`, "Sec-WebSocket-Version: 13"];
  for (const [name, value] of headers) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) continue;
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

export interface UpstreamResponse {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes after the head: the first frames. */
  readonly rest: Uint8Array;
}

/** Read the upstream's response head. Rejects on close, oversize, timeout or abort. */
export function readUpstreamResponse(socket: Duplex, timeoutMs: number): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      socket.off("error", onError);
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(why));
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buf.length > MAX_HANDSHAKE_RESPONSE_BYTES) fail("upstream handshake response too large");
        return;
      }
      if (end > MAX_HANDSHAKE_RESPONSE_BYTES) return fail("upstream handshake response too large");
      cleanup();
      socket.pause();
      const [statusLine = "", ...lines] = buf.subarray(0, end).toString("latin1").split("\r\n");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
      if (!m) return reject(new Error("upstream did not answer with HTTP"));
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
      }
      resolve({ status: Number(m[1]), headers, rest: new Uint8Array(buf.subarray(end + 4)) });
    };
    const onClose = () => fail("upstream closed during the WebSocket handshake");
    const onError = (err: Error) => fail(`upstream error during the WebSocket handshake: ${err.message}`);
    const timer = setTimeout(() => fail(`no WebSocket handshake answer within ${timeoutMs} ms`), timeoutMs);
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.once("error", onError);
  });
}

/** Why the upstream's answer is not an acceptable 101, or undefined when it is. */
export function upstreamProblem(res: UpstreamResponse, key: string, offered: readonly string[]): string | undefined {
  if (res.status !== 101) return `upstream answered ${res.status} instead of 101`;
  if (!headerTokens(res.headers.upgrade).some((t) => t.toLowerCase() === "websocket")) return "upstream 101 without Upgrade: websocket";
  if (!headerTokens(res.headers.connection).some((t) => t.toLowerCase() === "upgrade")) return "upstream 101 without Connection: Upgrade";
  if (res.headers["sec-websocket-accept"] !== acceptKey(key)) return "upstream Sec-WebSocket-Accept does not match";
  if (res.headers["sec-websocket-extensions"]) return "upstream enabled an extension pipelock did not offer";
  const chosen = res.headers["sec-websocket-protocol"];
  if (chosen !== undefined && !offered.includes(chosen)) return `upstream chose subprotocol "${chosen.slice(0, 40)}" the agent did not offer`;
  return undefined;
}
