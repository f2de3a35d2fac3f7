/**
 * @module `mcp_ws_listener` (reference key names): limits of the MCP listeners (`mcp proxy
 * --listen`, HTTP and WebSocket). Browser origins other than loopback are refused unless listed in
 * `allowed_origins` (exact origins like `https://app.example`); `max_connections` bounds open
 * WebSocket connections and live HTTP sessions.
 */
import * as v from "valibot";

export const McpWsListenerSection = v.strictObject({
  allowed_origins: v.optional(v.array(v.pipe(v.string(), v.regex(/^https?:\/\/[^/\s]+$/, "must be an origin like https://app.example"))), []),
  max_connections: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)), 100),
});

export type McpWsListenerConfig = v.InferOutput<typeof McpWsListenerSection>;
export const MCP_WS_LISTENER_DEFAULT: McpWsListenerConfig = v.parse(McpWsListenerSection, {});
