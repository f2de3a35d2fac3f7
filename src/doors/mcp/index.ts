/**
 * @module The MCP door: JSON-RPC framing and validation, per-session state (pending ids, tool
 * fingerprints, binding), message inspection through the engine, protocol-level actions, and the
 * stdio, HTTP and WebSocket transports.
 */
export * from "./jsonrpc/index.ts";
export * from "./session/index.ts";
export * from "./inspect/index.ts";
export * from "./actions/index.ts";
export * from "./transports/index.ts";
export { mcpGuardSettings } from "./config.ts";
