/** @module Upstream connections with SSRF checks and DNS pinning; the one way doors reach the network. */
export { classify as classifyFetchFailure, createPinnedFetch, directFetch, type FetchDial, type PinnedFetch, type PinnedFetchOptions, type PinnedRequest, type PinnedResponse } from "./pinned-fetch.ts";
export { createConnector, dialTargetFor, pinnedCandidates, destinationUrl, MAX_DIAL_ATTEMPTS, type ConnectorOptions, type DestinationCheck } from "./connector.ts";
export { createDial, CONNECT_TIMEOUT_MS, type DialOptions } from "./dial.ts";
export { ignoreProxyEnvironment, PROXY_ENV_NAMES } from "./proxy-environment.ts";
export { recordingResolver, type RecordingResolver } from "./recording-resolver.ts";
export { staticHostsResolver, type StaticHostsOptions } from "./static-resolver.ts";
export {
  UpstreamError,
  UPSTREAM_FAILURES,
  type CheckedHost,
  type Connector,
  type Dial,
  type DialTarget,
  type UpstreamFailure,
  type UpstreamTarget,
} from "./types.ts";
