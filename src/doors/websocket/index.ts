/** @module WebSocket door: RFC 6455 frames, a scanning relay, the upgrade handling for `/ws?url=` and intercepted tunnels. */
export { CLOSE, OPCODE, encodeFrame, closePayload, parseClosePayload, isValidReceivedCloseCode, MAX_CONTROL_PAYLOAD, type Frame } from "./frame.ts";
export { FrameParser, isViolation, type FrameParserOptions, type FrameViolation } from "./frame-parser.ts";
export { MessageAssembler, MAX_FRAGMENTS_PER_MESSAGE, type AssembledItem } from "./assembler.ts";
export { relayWebSocket, CROSS_MESSAGE_TAIL_CHARS, CLOSE_GRACE_MS, type RelayEnd, type RelayEndReason, type RelayOptions } from "./relay.ts";
export { acceptKey, validateClientUpgrade, MAX_HANDSHAKE_RESPONSE_BYTES } from "./handshake.ts";
export { parseWsTarget, forwardedHeaders, httpFormOf, eventTarget } from "./target.ts";
export {
  handleWsUpgrade,
  proxyWebSocket,
  createConnectionGate,
  WS_HANDSHAKE_TIMEOUT_MS,
  type ConnectionGate,
  type UpgradeContext,
  type WsAdmission,
  type WsAdmissionRequest,
  type WsDoorDeps,
  type WsTrack,
  type WsTrackRefusal,
} from "./upgrade.ts";
export { engineMessageScanner, type StripInjection, type SubjectScan } from "./engine-scanner.ts";
export type { RelaySettings, ScanMessage, ScanMessageResult, WsDirection, WsScanContext } from "./scan-types.ts";
