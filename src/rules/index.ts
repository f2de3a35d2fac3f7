/** @module Rule packs: schema, loading (embedded and from disk), signatures. */
export { PackSchema, RuleSchema, type PackSpec, type RuleSpec } from "./schema.ts";
export { loadEmbeddedPack, loadPackText, type LoadedPack, type PackOrigin, type PackResult } from "./load-pack.ts";
export { loadPacks, loadPackFile, MAX_PACK_BYTES, type PackSources, type PacksResult, type TrustedKey } from "./load-packs.ts";
export { BUILTIN_PACKS, type EmbeddedPack } from "./builtin.ts";
export { generateKeyPair, publicKeyOf, signBytes, verifyBytes, type KeyPair } from "./signatures.ts";
export { satisfiesRange } from "./version-range.ts";
