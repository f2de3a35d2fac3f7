/**
 * @module Config section `websocket_proxy` (reference key names, plus `binary_frames`): the
 * `/ws?url=` door and WebSockets inside intercepted tunnels. On by default here (`pipelock run`
 * serves forward proxy, fetch and WebSocket on one listener). Maps onto the relay's settings.
 */
import * as v from "valibot";

const posInt = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Hard ceiling for one reassembled message (the relay buffers a whole message to scan it). */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024 * 1024;

export const BINARY_FRAME_POLICIES = ["block", "allow", "scan"] as const;
export type BinaryFramePolicy = (typeof BINARY_FRAME_POLICIES)[number];
export const ORIGIN_POLICIES = ["rewrite", "forward", "strip"] as const;
export type OriginPolicy = (typeof ORIGIN_POLICIES)[number];

export const WebsocketProxySection = v.pipe(
  v.strictObject({
    enabled: v.optional(v.boolean(), true),
    max_message_bytes: v.optional(v.pipe(posInt, v.minValue(126), v.maxValue(MAX_WS_MESSAGE_BYTES)), 1024 * 1024),
    max_concurrent_connections: v.optional(v.pipe(posInt, v.minValue(1)), 128),
    scan_text_frames: v.optional(v.boolean(), true),
    /** Reference switch; `binary_frames` (ours) says what happens to binary messages in more detail. */
    allow_binary_frames: v.optional(v.boolean()),
    /** Ours: block (close 1008), allow unscanned, or scan the bytes as text (UTF-8, lossy). */
    binary_frames: v.optional(v.picklist(BINARY_FRAME_POLICIES)),
    /** permessage-deflate is always stripped from the handshake; `false` is refused (compressed frames cannot be scanned). */
    strip_compression: v.optional(v.literal(true, "websocket_proxy.strip_compression must be true: compressed frames cannot be inspected"), true),
    max_connection_seconds: v.optional(posInt, 3600),
    idle_timeout_seconds: v.optional(posInt, 300),
    origin_policy: v.optional(v.picklist(ORIGIN_POLICIES), "rewrite"),
    forward_cookies: v.optional(v.boolean(), false),
  }),
  v.check(
    (s) => !(s.allow_binary_frames === false && (s.binary_frames === "allow" || s.binary_frames === "scan")) && !(s.allow_binary_frames === true && s.binary_frames === "block"),
    "websocket_proxy.allow_binary_frames and binary_frames disagree; set only binary_frames",
  ),
);

export type WebsocketProxyConfig = v.InferOutput<typeof WebsocketProxySection>;
export const WEBSOCKET_PROXY_DEFAULT: WebsocketProxyConfig = v.parse(WebsocketProxySection, {});

/** What the WebSocket door is configured with. */
export interface WebsocketSettings {
  readonly enabled: boolean;
  readonly maxMessageBytes: number;
  readonly maxConnections: number;
  readonly scanTextFrames: boolean;
  readonly binaryFrames: BinaryFramePolicy;
  /** 0 = no limit. */
  readonly maxConnectionMs: number;
  /** 0 = no limit. */
  readonly idleTimeoutMs: number;
  readonly originPolicy: OriginPolicy;
  readonly forwardCookies: boolean;
}

export function toWebsocketSettings(section: WebsocketProxyConfig): WebsocketSettings {
  const binaryFrames: BinaryFramePolicy = section.binary_frames ?? (section.allow_binary_frames ? "allow" : "block");
  return {
    enabled: section.enabled,
    maxMessageBytes: section.max_message_bytes,
    maxConnections: section.max_concurrent_connections,
    scanTextFrames: section.scan_text_frames,
    binaryFrames,
    maxConnectionMs: section.max_connection_seconds * 1000,
    idleTimeoutMs: section.idle_timeout_seconds * 1000,
    originPolicy: section.origin_policy,
    forwardCookies: section.forward_cookies,
  };
}
