/**
 * @module Parse a CONNECT authority (`host:port`, `[v6]:port`) strictly: a host name or IP literal
 * and a port 1–65535. Anything else is a 400, never a guess.
 */
import { isIP } from "node:net";

export interface Authority {
  /** Lowercase host; IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
}

const NAME = /^[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*\.?$/;

export function parseAuthority(text: string | undefined): Authority | undefined {
  if (!text || text.length > 300) return undefined;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]\/@?#]+)):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  if (m[1] !== undefined) return isIP(m[1]) === 6 ? { host: m[1].toLowerCase(), port } : undefined;
  const host = m[2]!.toLowerCase().replace(/\.$/, "");
  if (isIP(host) === 4 || (NAME.test(host) && host.length <= 253)) return { host, port };
  return undefined;
}
