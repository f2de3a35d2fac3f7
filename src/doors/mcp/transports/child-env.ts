/**
 * @module The environment a wrapped MCP server gets, built explicitly (never implied): by default
 * pipelock's own environment; with `clean`, only a short list of basics plus the proxy and CA
 * variables (so the server's own egress still goes through pipelock and trusts its CA); then the
 * `--env KEY=VALUE` / `--env KEY` additions.
 */

/** Variables kept in a clean environment. */
export const BASIC_ENV = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TERM", "TZ", "TMPDIR", "SHELL"] as const;
/** Proxy and CA variables, always passed through when set (either case). */
export const PROXY_CA_ENV = [
  "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "WS_PROXY", "WSS_PROXY",
  "NODE_EXTRA_CA_CERTS", "NODE_USE_ENV_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
  "GIT_SSL_CAINFO", "PIP_CERT", "AWS_CA_BUNDLE", "DENO_CERT",
] as const;
/** Most `--env` entries. */
export const MAX_ENV_ADDITIONS = 256;

export class EnvError extends Error {}

/** Build the child's environment. @throws EnvError for a malformed `--env` entry. */
export function childEnv(parent: Readonly<Record<string, string | undefined>>, additions: readonly string[], clean: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (clean) {
    for (const k of BASIC_ENV) if (parent[k] !== undefined) out[k] = parent[k]!;
    for (const k of PROXY_CA_ENV) {
      for (const name of [k, k.toLowerCase()]) if (parent[name] !== undefined) out[name] = parent[name]!;
    }
  } else {
    for (const [k, v] of Object.entries(parent)) if (v !== undefined) out[k] = v;
  }
  if (additions.length > MAX_ENV_ADDITIONS) throw new EnvError(`at most ${MAX_ENV_ADDITIONS} --env entries`);
  for (const entry of additions) {
    const eq = entry.indexOf("=");
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new EnvError(`--env ${JSON.stringify(entry.slice(0, 40))}: not a variable name`);
    if (eq >= 0) out[key] = entry.slice(eq + 1);
    else if (parent[key] !== undefined) out[key] = parent[key]!;
  }
  return out;
}
