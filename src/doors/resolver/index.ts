/** @module DNS for the doors: the system resolver with a timeout. */
export { createSystemResolver, DNS_TIMEOUT_MS } from "./system-resolver.ts";
