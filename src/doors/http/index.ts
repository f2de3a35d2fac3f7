/** @module Shared plumbing of the HTTP doors: headers, auth, block answers, events, request checks, response relay. */
export { AGENT_HEADER, dropHeaders, forwardHeaders, HOP_BY_HOP, MAX_HEADERS, rawHeader, setHeader, VIA_VALUE, withoutProxyAuth, type HeaderPairs } from "./headers.ts";
export { authRequired, proxyAuthorized, PROXY_AUTHENTICATE, type ProxyAuthSettings } from "./proxy-auth.ts";
export { blockAnswer, blockFromVerdict, decidingFinding, DENY_CODES, MAX_FINDINGS_SHOWN, rawResponse, type BlockAnswer, type BlockInfo, type DenyCode } from "./block.ts";
export { emitDecision, emitExchange, redactTarget, type EventFields, type ExchangeOutcome } from "./events.ts";
export type { Admission, AdmissionRefusal, HeaderMode, HttpDoorContext, HttpSettings, PolicyView, ScanRequestOptions } from "./context.ts";
export type { BodyText, Inspection, Readable, ResponseScan, ResponseScanRequest, StreamOutcome, WholeBodyResult } from "./inspection.ts";
export { checkRequest, type CheckResult, type CheckSteps, type RequestParts } from "./request-check.ts";
export { CROSS_REQUEST_BODY_BYTES, crossRequestSession, messageFragments, requestFragments } from "./cross-request.ts";
export { BODY_READ_TIMEOUT_MS, hasBody, readBody, readWebBody, type ReadBodyResult } from "./read-body.ts";
export { rawHeadersOf, relayWebResponse, SMALL_BODY_BYTES, type RelayOutcome, type WebRelayOptions } from "./web-relay.ts";
export { writeWebResponse } from "./write-web-response.ts";
export { upstreamDenyCode } from "./upstream-failure.ts";
export { idleTimer } from "./relay-support.ts";
export { blockResponse, killSwitchBlock, sendBlock, sendRawBlock } from "./respond.ts";
export { admitLive, createLiveConnections, KILL_SWITCH_FAILURE, MAX_LIVE_CONNECTIONS, type LiveAdmission, type LiveConnection, type LiveConnections } from "./live-connections.ts";
export { noteStreamed, NUDGE_EVERY_BYTES } from "./gc-nudge.ts";
