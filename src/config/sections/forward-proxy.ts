/**
 * @module Config section `forward_proxy` (reference key names, plus `max_tunnels` and `auth`): the
 * absolute-URI HTTP proxy and CONNECT tunnels on the main listener. On by default here: `pipelock
 * run` is the forward proxy. `auth` (ours) makes every proxy surface of the main listener require
 * `Proxy-Authorization` (Basic user:password or Bearer token); /health stays open.
 */
import * as v from "valibot";

const posInt = v.pipe(v.number(), v.integer(), v.minValue(0));

const ProxyUser = v.strictObject({
  username: v.pipe(v.string(), v.minLength(1), v.regex(/^[^:]*$/, "username must not contain ':'")),
  password: v.pipe(v.string(), v.minLength(1)),
});

const ProxyAuth = v.strictObject({
  users: v.optional(v.array(ProxyUser), []),
  bearer_tokens: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
});

export const ForwardProxySection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  /** Absolute lifetime of one CONNECT tunnel (0 = no limit). */
  max_tunnel_seconds: v.optional(posInt, 300),
  /** A tunnel with no bytes either way for this long is closed (0 = no limit). */
  idle_timeout_seconds: v.optional(posInt, 120),
  /** The TLS ClientHello's SNI must name the CONNECT host (domain-fronting defence). */
  sni_verification: v.optional(v.boolean(), true),
  /** Accepted for reference compatibility; not acted on by this build. */
  redirect_websocket_hosts: v.optional(v.array(v.string()), []),
  /** Concurrent CONNECT tunnels; more get 503. */
  max_tunnels: v.optional(v.pipe(posInt, v.minValue(1)), 1024),
  auth: v.optional(ProxyAuth, { users: [], bearer_tokens: [] }),
});

export type ForwardProxyConfig = v.InferOutput<typeof ForwardProxySection>;
export const FORWARD_PROXY_DEFAULT: ForwardProxyConfig = v.parse(ForwardProxySection, {});
