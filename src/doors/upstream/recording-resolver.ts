/**
 * @module DNS pinning, part one: a per-request resolver that looks each host up at most once and
 * remembers the answer. The engine's SSRF layer checks every address of that answer; the connector
 * then dials one of exactly those addresses, so a rebinding DNS server gets no second chance.
 */
import type { Resolver } from "../../engine/index.ts";
import type { CheckedHost } from "./types.ts";

/** Hosts one request may resolve (redirect chains use a fresh resolver per hop). */
const MAX_HOSTS = 8;

export interface RecordingResolver extends Resolver {
  /** The answer recorded for `host` (undefined when it was never resolved or the lookup failed). */
  answer(host: string): readonly string[] | undefined;
  /** A CheckedHost to hand the connector after an allowing verdict. */
  checked(host: string): CheckedHost;
}

/** Wrap `base` so each host is looked up once; concurrent asks share the one lookup. */
export function recordingResolver(base: Resolver): RecordingResolver {
  const lookups = new Map<string, Promise<readonly string[]>>();
  const answers = new Map<string, readonly string[]>();
  const key = (host: string) => host.toLowerCase().replace(/\.$/, "");
  return {
    resolve(host: string, signal?: AbortSignal): Promise<readonly string[]> {
      const k = key(host);
      const known = lookups.get(k);
      if (known) return known;
      if (lookups.size >= MAX_HOSTS) return Promise.reject(new Error(`more than ${MAX_HOSTS} host lookups in one request`));
      const p = base.resolve(host, signal).then((answer) => {
        const frozen = Object.freeze([...answer]);
        answers.set(k, frozen);
        return frozen;
      });
      lookups.set(k, p);
      return p;
    },
    answer: (host) => answers.get(key(host)),
    checked: (host) => ({ host, addresses: answers.get(key(host)) }),
  };
}
