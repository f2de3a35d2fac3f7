/** @module MCP transports: stdio child, Streamable HTTP and legacy SSE listener, WebSocket listener. */
export { runStdioRelay, DEFAULT_GRACE_MS, type StdioRelayOptions, type StdioRelayResult } from "./stdio.ts";
export { childEnv, EnvError, BASIC_ENV, PROXY_CA_ENV, MAX_ENV_ADDITIONS } from "./child-env.ts";
export { listServerTools, MAX_LIST_PAGES, type ServerInventory, type ListOptions } from "./stdio-client.ts";
export { startMcpHttpListener, targetUrl, callUpstream, type McpHttpListener, type McpHttpListenerOptions } from "./http-listener.ts";
export { detectEra, headerMismatch, decodeHeaderValue, badVersionHeader, mcpParamHeaders, MODERN_PROTOCOL_VERSION, type Era } from "./era.ts";
export { SseParser, formatSse, type SseEvent, type SseItem } from "./sse.ts";
export { HttpSessions, SESSION_IDLE_MS } from "./http-sessions.ts";
export { LegacySse, resolveEndpoint } from "./legacy-sse.ts";
export { originAllowed, validSessionId } from "./http-io.ts";
export { startMcpWsListener, MCP_SUBPROTOCOL, type McpWsListener, type McpWsListenerOptions } from "./ws-listener.ts";
export { runStdioBridge, type StdioBridgeOptions, type StdioBridgeResult } from "./stdio-bridge.ts";
export { httpBridge, RECONNECT_FIRST_MS, RECONNECT_MAX_MS, type HttpBridgeOptions } from "./bridge-http.ts";
export { wsBridge, MAX_QUEUED_MESSAGES, type WsBridgeOptions } from "./bridge-ws.ts";
export type { BridgeConnect, BridgeEvents, BridgeUpstream } from "./bridge-upstream.ts";
