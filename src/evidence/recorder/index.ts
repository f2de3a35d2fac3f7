/** @module The flight recorder: hash-chained JSONL with signed checkpoints, verification, queries, keys. */
export { RecorderWriter, FLUSH_THRESHOLD_BYTES, MAX_BUFFERED_BYTES, type RecorderOptions, type FsyncPolicy, type CheckpointAnchor } from "./writer.ts";
export { encodeEntry, parseLine, sha256Hex, sha256HexNoble, checkpointMessage, fileNameFor, parseFileName, GENESIS, ENTRY_TYPES, MAX_LINE_BYTES, type Entry, type EntryType, type CheckpointDetail } from "./entry.ts";
export { verifyDir, verifyChain, type VerifyReport, type VerifyProblem, type VerifyOptions, type ProblemKind } from "./verify.ts";
export { queryDir, matches, type EntryFilter, type FoundEntry } from "./query.ts";
export { listEvidenceFiles, readLines, type EvidenceFile } from "./read.ts";
export { generateSigningKey, loadSigningKey, parsePublicKey, readPublicKeyArg, keyIdOf, signMessage, verifyMessage, type SigningKey, type GeneratedKey } from "./keys.ts";
export { findTail, type ChainTail } from "./tail.ts";
