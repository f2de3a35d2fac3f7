/** @module The state seam: the StateStore interface and pure key helpers (implementations live in src/state). */
export type { StateStore, StateValue, Versioned } from "./state-store.ts";
export { stateKey, STATE_NAMESPACES, MAX_SESSION_KEY_CHARS, type StateNamespace } from "./keys.ts";
