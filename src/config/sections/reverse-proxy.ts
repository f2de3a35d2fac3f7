/**
 * @module Config section `reverse_proxy` (reference key names): `pipelock run --reverse-proxy` puts
 * pipelock in front of one operator-chosen upstream and scans request and response bodies.
 * `listen`, `upstream` and `enabled` take effect at start (a reload does not move listeners).
 */
import * as v from "valibot";

const listen = v.pipe(v.string(), v.regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):\d{1,5}$/, "must be host:port (e.g. 127.0.0.1:8890)"));
const upstreamUrl = v.pipe(
  v.string(),
  v.check((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol) && new URL(s).hostname !== "", "must be an http:// or https:// URL with a host"),
);

export const ReverseProxySection = v.strictObject({
  enabled: v.optional(v.boolean(), false),
  listen: v.optional(listen, "127.0.0.1:8890"),
  upstream: v.optional(upstreamUrl),
});

export type ReverseProxyConfig = v.InferOutput<typeof ReverseProxySection>;
export const REVERSE_PROXY_DEFAULT: ReverseProxyConfig = v.parse(ReverseProxySection, {});
