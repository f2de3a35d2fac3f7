/**
 * @module The real DNS resolver (the OS resolver through node:dns), with a timeout. Doors and the
 * CLI inject it into the engine; tests and `check --offline` never do.
 */
import { lookup } from "node:dns/promises";
import type { Resolver } from "../../engine/index.ts";

/** Default time allowed for one lookup. */
export const DNS_TIMEOUT_MS = 5_000;

/** A resolver returning every address (IPv4 and IPv6) the OS resolver knows for a host. */
export function createSystemResolver(timeoutMs: number = DNS_TIMEOUT_MS): Resolver {
  return {
    async resolve(host: string, signal?: AbortSignal): Promise<readonly string[]> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`DNS lookup of ${host} timed out after ${timeoutMs} ms`)), timeoutMs);
        signal?.addEventListener("abort", () => reject(new Error("DNS lookup canceled")), { once: true });
      });
      try {
        const answers = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
        return answers.map((a) => a.address);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
