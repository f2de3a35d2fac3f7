/**
 * @module Header plumbing shared by every HTTP door: drop hop-by-hop headers (RFC 9110 §7.6.1,
 * including every header the Connection field names), drop pipelock's own control headers so an
 * agent cannot forge them upstream, and add a Via entry.
 */

/** Always hop-by-hop, whatever Connection says (plus the legacy Proxy-Connection). */
export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Request header naming the agent; read by pipelock, never forwarded. */
export const AGENT_HEADER = "x-pipelock-agent";
/** Prefix of pipelock's own headers; inbound ones are dropped (anti-forgery). */
const OWN_PREFIX = "x-pipelock-";
/** Headers one message may carry before it is refused (node caps at 2000 raw entries too). */
export const MAX_HEADERS = 256;
export const VIA_VALUE = "1.1 pipelock";

/** Header list as [name, value] pairs in wire order (duplicates kept). */
export type HeaderPairs = [string, string][];

/** Names listed in Connection headers (lowercase). */
function connectionListed(raw: readonly string[]): Set<string> {
  const listed = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 10 || name.toLowerCase() !== "connection") continue;
    for (const token of raw[i + 1]!.split(",")) {
      const t = token.trim().toLowerCase();
      if (t) listed.add(t);
    }
  }
  return listed;
}

export interface ForwardHeaderOptions {
  /** Extra names to drop (lowercase), e.g. accept-encoding when responses must stay inspectable. */
  readonly drop?: ReadonlySet<string>;
  /** Append `Via: 1.1 pipelock`. */
  readonly via: boolean;
  /** Keep Upgrade/Connection: upgrade (WebSocket handshakes re-originated by the relay). */
  readonly keepUpgrade?: boolean;
}

/**
 * Headers to re-send on the next hop, from node's flat `rawHeaders` ([name, value, ...]).
 * Request and response both use this.
 */
export function forwardHeaders(raw: readonly string[], options: ForwardHeaderOptions): HeaderPairs {
  const listed = connectionListed(raw);
  const out: HeaderPairs = [];
  let via: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed.has(lower) || lower.startsWith(OWN_PREFIX)) continue;
    if (options.drop?.has(lower)) continue;
    if (lower === "via") {
      via = via === undefined ? raw[i + 1]! : `${via}, ${raw[i + 1]!}`;
      continue;
    }
    out.push([name, raw[i + 1]!]);
  }
  if (options.via) out.push(["Via", via === undefined ? VIA_VALUE : `${via}, ${VIA_VALUE}`]);
  else if (via !== undefined) out.push(["Via", via]);
  return out;
}

/** First value of header `name` (lowercase) in a raw list. */
export function rawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1];
  return undefined;
}

/** Replace (or add) header `name` in a pair list. */
export function setHeader(pairs: HeaderPairs, name: string, value: string): HeaderPairs {
  const lower = name.toLowerCase();
  const out = pairs.filter(([n]) => n.toLowerCase() !== lower);
  out.push([name, value]);
  return out;
}

/** Remove every header in `names` (lowercase) from a pair list. */
export function dropHeaders(pairs: HeaderPairs, names: ReadonlySet<string>): HeaderPairs {
  return pairs.filter(([n]) => !names.has(n.toLowerCase()));
}

/** The raw list without Proxy-Authorization (pipelock's own credential is not agent data to scan). */
export function withoutProxyAuth(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === "proxy-authorization") continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}
