/** @module TLS interception: pipelock's CA (built with a small DER encoder), per-host leaves, the interceptor. */
export { createCa, loadCa, CaError, DEFAULT_CA_VALIDITY_HOURS, MAX_CA_VALIDITY_HOURS, type CaFiles, type CertificateAuthority, type CreateCaOptions } from "./ca.ts";
export { caPaths, caExists, pipelockHome, readCa, readCaCertPem, writeCaFiles, CaExistsError, CA_CERT_FILE, CA_KEY_FILE, type CaPaths } from "./ca-store.ts";
export { issueLeaf, canonicalHost, DEFAULT_LEAF_TTL_MS, type Leaf } from "./leaf.ts";
export { createLeafCache, DEFAULT_CERT_CACHE_SIZE, type LeafCache, type LeafCacheStats } from "./leaf-cache.ts";
export { compileHostMatcher, type HostMatcher } from "./passthrough.ts";
export {
  createInterceptor,
  InterceptError,
  serveTlsConnection,
  servernameStatus,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  INTERCEPT_ALPN,
  type AcceptOptions,
  type InterceptorOptions,
  type InterceptorSettings,
  type InterceptRejection,
  type TlsInterceptor,
} from "./interceptor.ts";
export { openInterception, type OpenedInterception, type OpenOptions } from "./open-interceptor.ts";
export { loadUpstreamCa } from "./upstream-ca.ts";
export { KEY_TYPES, type KeyType } from "./keys.ts";
