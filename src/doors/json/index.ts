/** @module JSON checks JSON.parse does not make, shared by the doors that take JSON: duplicate keys and depth. */
export { DEFAULT_MAX_JSON_DEPTH, findDuplicateKey, type KeyProblem } from "./find-duplicate-key.ts";
