/**
 * @module pipelock is the egress boundary, so its own connections go straight to the address its
 * checks pinned. Bun's fetch() would otherwise follow HTTP_PROXY / HTTPS_PROXY / ALL_PROXY from
 * pipelock's environment (even for loopback upstreams) — often the very variables an agent's shell
 * sets to point at pipelock itself. Commands that serve doors over fetch() remove them from their
 * own process environment at start; children they spawn get their environment built explicitly.
 */

/** Variables Bun's fetch() reads for a proxy, in both spellings. */
export const PROXY_ENV_NAMES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"] as const;

/** Remove the proxy variables from `env` (default: this process); returns the names that were set. */
export function ignoreProxyEnvironment(env: Record<string, string | undefined> = process.env): string[] {
  const removed: string[] = [];
  for (const name of PROXY_ENV_NAMES) {
    if (env[name] !== undefined) {
      removed.push(name);
      delete env[name];
    }
  }
  return removed;
}
