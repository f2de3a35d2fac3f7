/**
 * @module The SSRF-pinning connector: check the destination with the engine (unless the door's own
 * allowing scan already did), look the host up exactly once, and dial only addresses the engine saw.
 * A denied destination, a failed lookup or an empty answer never reaches the dialer.
 */
import { isIP } from "node:net";
import type { Duplex } from "node:stream";
import type { Resolver, Verdict } from "../../engine/index.ts";
import { recordingResolver } from "./recording-resolver.ts";
import { UpstreamError, type Connector, type Dial, type DialTarget, type UpstreamTarget } from "./types.ts";

/** Addresses tried, in answer order, before giving up (every one was checked). */
export const MAX_DIAL_ATTEMPTS = 3;

/** Scans a URL with the current policy, resolving through `resolver` (the engine's url subject). */
export type DestinationCheck = (url: string, resolver: Resolver, signal?: AbortSignal) => Promise<Verdict>;

export interface ConnectorOptions {
  readonly resolver: Resolver;
  readonly check: DestinationCheck;
  readonly dial: Dial;
}

/** What dialing a target needs: the engine check and the one lookup (see `pinnedCandidates`). */
export type PinningOptions = Pick<ConnectorOptions, "resolver" | "check">;

/**
 * The addresses `target` may be dialed at, in answer order (at most MAX_DIAL_ATTEMPTS): the ones the
 * door's own allowing scan saw, else those of a fresh check here (a deny rejects), else — for a host
 * the engine does not resolve (IP literal, trusted domain) — one lookup. Rejects with UpstreamError.
 */
export async function pinnedCandidates(options: PinningOptions, target: UpstreamTarget, signal?: AbortSignal): Promise<string[]> {
  const host = bare(target.host);
  let addresses: readonly string[] | undefined;
  if (target.checked && bare(target.checked.host).toLowerCase() === host.toLowerCase()) {
    addresses = target.checked.addresses;
  } else {
    const recorder = recordingResolver(options.resolver);
    const verdict = await options.check(destinationUrl(host, target.port, target.tls), recorder, signal);
    if (verdict.decision !== "allow") {
      throw new UpstreamError("denied", `destination ${host}:${target.port} denied by policy`, verdict);
    }
    addresses = recorder.answer(host);
  }
  if (addresses === undefined) addresses = isIP(host) !== 0 ? [host] : await lookupUnchecked(options.resolver, host, signal);
  const candidates = addresses.filter((a) => isIP(a) !== 0).slice(0, MAX_DIAL_ATTEMPTS);
  if (candidates.length === 0) throw new UpstreamError("dns_failed", `${host} has no usable address`);
  return candidates;
}

/** The dial target for one checked address of `target`. */
export function dialTargetFor(target: UpstreamTarget, address: string): DialTarget {
  const host = bare(target.host);
  return { address, port: target.port, tls: target.tls, servername: isIP(host) === 0 ? host : undefined, alpn: target.alpn ?? ["http/1.1"] };
}

export function createConnector(options: ConnectorOptions): Connector {
  return async (target: UpstreamTarget, signal?: AbortSignal): Promise<Duplex> => {
    const candidates = await pinnedCandidates(options, target, signal);
    let last: unknown;
    for (const address of candidates) {
      try {
        return await options.dial(dialTargetFor(target, address), signal);
      } catch (err) {
        last = err;
        if (signal?.aborted || (err instanceof UpstreamError && err.failure === "canceled")) break;
      }
    }
    throw last instanceof UpstreamError ? last : new UpstreamError("connect_failed", String((last as Error)?.message ?? last));
  };
}

/**
 * Trusted domains are exempt from the SSRF address check, so the engine does not resolve them;
 * the connector resolves once here and dials that answer.
 */
async function lookupUnchecked(resolver: Resolver, host: string, signal: AbortSignal | undefined): Promise<readonly string[]> {
  try {
    const answer = await resolver.resolve(host, signal);
    if (!Array.isArray(answer) || answer.length === 0) throw new Error("no addresses");
    return answer;
  } catch (err) {
    throw new UpstreamError("dns_failed", `cannot resolve ${host}: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** The URL the engine scans for a bare destination (CONNECT, WebSocket upstream, connector-only callers). */
export function destinationUrl(host: string, port: number, tls: boolean): string {
  const h = isIP(host) === 6 ? `[${host}]` : host;
  const defaultPort = tls ? 443 : 80;
  return `${tls ? "https" : "http"}://${h}${port === defaultPort ? "" : `:${port}`}/`;
}

function bare(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
