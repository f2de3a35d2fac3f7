/**
 * @module One HTTP request upstream through Bun's fetch(), pinned like every other upstream leg: the
 * host is checked and looked up once (pinnedCandidates), the request goes to the checked address
 * itself (`http(s)://<address>:<port>`), with the agent's Host header and, over TLS, the host name
 * as SNI and certificate name. fetch() runs its sockets off the JavaScript thread and pools them per
 * address and TLS identity, which makes it several times cheaper than node:http's client in Bun.
 * Redirects are not followed and bodies are not decompressed (the door decides about both). A
 * refused connection tries the next checked address (nothing was sent); every failure becomes an
 * UpstreamError.
 */
import tls from "node:tls";
import { pinnedCandidates, dialTargetFor, type PinningOptions } from "./connector.ts";
import { UpstreamError, type DialTarget, type UpstreamFailure, type UpstreamTarget } from "./types.ts";

/** Sends the request to the dial target (tests pass one that records targets and refuses non-loopback addresses). */
export type FetchDial = (target: DialTarget, url: string, init: RequestInit) => Promise<Response>;

export const directFetch: FetchDial = (_target, url, init) => fetch(url, init);

export interface PinnedFetchOptions extends PinningOptions {
  /** PEM certificates trusted for upstream TLS on top of the bundled roots. */
  readonly extraCa?: readonly string[];
  readonly fetchDial?: FetchDial;
}

export interface PinnedRequest {
  readonly target: UpstreamTarget;
  readonly method: string;
  /** Origin-form path and query. */
  readonly path: string;
  /** Header pairs as they go upstream (Host included). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
  /** Deadline for the response head (connect included). */
  readonly timeoutMs: number;
  /** The client went away: abort (reported as `canceled`). */
  readonly signal?: AbortSignal;
}

export interface PinnedResponse {
  readonly response: Response;
  /** Abort the exchange (the body then errors): idle timers and client disconnects use it. */
  abort(): void;
}

export type PinnedFetch = (request: PinnedRequest) => Promise<PinnedResponse>;

/** Failures that happen before a byte is sent: the next checked address may be tried. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ConnectionRefused", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

export function createPinnedFetch(options: PinnedFetchOptions): PinnedFetch {
  const send = options.fetchDial ?? directFetch;
  const ca = options.extraCa && options.extraCa.length > 0 ? [...tls.rootCertificates, ...options.extraCa] : undefined;
  return async (request) => {
    const controller = new AbortController();
    const onClientGone = () => controller.abort();
    request.signal?.addEventListener("abort", onClientGone, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      if (request.signal?.aborted) throw new UpstreamError("canceled", "the client went away");
      const candidates = await pinnedCandidates(options, request.target, controller.signal);
      const headers = new Headers();
      for (const [name, value] of request.headers) headers.append(name, value);
      let last: UpstreamError | undefined;
      for (const address of candidates) {
        const dial = dialTargetFor(request.target, address);
        const init: RequestInit & { decompress: boolean; tls?: { serverName?: string; ca?: string[] } } = {
          method: request.method,
          headers,
          redirect: "manual",
          decompress: false,
          signal: controller.signal,
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(dial.tls ? { tls: { ...(dial.servername !== undefined ? { serverName: dial.servername } : {}), ...(ca ? { ca } : {}) } } : {}),
        };
        try {
          const response = await send(dial, `${dial.tls ? "https" : "http"}://${address.includes(":") ? `[${address}]` : address}:${dial.port}${request.path}`, init);
          return { response, abort: () => controller.abort() };
        } catch (err) {
          last = classify(err, timedOut, request.signal?.aborted === true);
          if (last.failure !== "connect_failed" || !NOT_CONNECTED.has(codeOf(err))) break;
        }
      }
      throw last ?? new UpstreamError("connect_failed", "no address to connect to");
    } catch (err) {
      throw err instanceof UpstreamError ? err : classify(err, timedOut, request.signal?.aborted === true);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener("abort", onClientGone);
    }
  };
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" ? code : "";
}

/** A fetch() failure as the door reports it. */
export function classify(err: unknown, timedOut: boolean, clientGone: boolean): UpstreamError {
  if (err instanceof UpstreamError) return err;
  // fetch() names the URL it was fetching; its query could hold data the agent sent: never repeat it.
  const message = String((err as Error)?.message ?? err)
    .replace(/"?\b(?:https?|wss?):\/\/[^\s"]*"?/gi, "[url]")
    .slice(0, 300);
  if (timedOut) return new UpstreamError("response_timeout", "no response from upstream in time");
  if (clientGone) return new UpstreamError("canceled", "the client went away");
  const code = codeOf(err);
  const failure: UpstreamFailure = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY|HANDSHAKE/i.test(code)
    ? "tls_failed"
    : /RESET|ConnectionClosed|EPIPE|ECONNABORTED|socket hang up/i.test(`${code} ${message}`)
      ? "upstream_reset"
      : /TIMEDOUT|Timeout/i.test(code)
        ? "connect_timeout"
        : "connect_failed";
  return new UpstreamError(failure, `upstream ${failure === "tls_failed" ? "TLS" : "connection"} failed: ${code ? `${code}: ` : ""}${message}`);
}
