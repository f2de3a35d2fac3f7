/** @module How an upstream failure is answered: a policy deny is 403, a timeout 504, anything else 502. */
import type { UpstreamError } from "../upstream/index.ts";

/** Map an upstream failure to the door's answer. */
export function upstreamDenyCode(err: UpstreamError): "blocked" | "upstream_timeout" | "upstream_failed" {
  if (err.failure === "denied") return "blocked";
  if (err.failure === "connect_timeout" || err.failure === "response_timeout") return "upstream_timeout";
  return "upstream_failed";
}
