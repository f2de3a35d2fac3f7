/** @module State implementations behind the engine's StateStore seam, and the session helpers doors use. */
export { MemoryStateStore, MAX_KEY_CHARS, type MemoryStoreOptions } from "./memory-store.ts";
export { checkToolCallChain, type ChainCheck, type ToolCallInput } from "./chain-tracker.ts";
