/** @module The reverse proxy: scan request and response bodies for one upstream HTTP service. */
export { startReverseProxy, MAX_REQUEST_URI_CHARS, type ReverseProxy, type ReverseProxyOptions } from "./reverse-proxy.ts";
