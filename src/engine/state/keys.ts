/**
 * @module Store keys: `<namespace>:<session>`, bounded and free of control characters whatever the
 * session id a client sends, so one hostile id cannot make a huge key or collide with another
 * namespace.
 */

/** Longest session part of a key; longer ids are cut and tagged with their length and a checksum. */
export const MAX_SESSION_KEY_CHARS = 200;

/** Namespaces in use; one per feature so features never read each other's state. */
export const STATE_NAMESPACES = { chainWindow: "chain", crossRequest: "xreq", requestRate: "rate", dataBudget: "bytes", subdomains: "subs" } as const;
export type StateNamespace = (typeof STATE_NAMESPACES)[keyof typeof STATE_NAMESPACES];

const UNSAFE = /[\u0000-\u001f\u007f]/g;

/** The store key for `sessionId` in `namespace`. An empty id maps to `-` (one shared anonymous session). */
export function stateKey(namespace: StateNamespace, sessionId: string): string {
  const clean = String(sessionId).replace(UNSAFE, "?");
  const session = clean.length === 0 ? "-" : clean.length <= MAX_SESSION_KEY_CHARS ? clean : `${clean.slice(0, MAX_SESSION_KEY_CHARS - 24)}…${clean.length}.${checksum(clean)}`;
  return `${namespace}:${session}`;
}

/** FNV-1a over UTF-16 units, hex: keeps cut ids with a shared prefix apart. Not a security hash. */
function checksum(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
