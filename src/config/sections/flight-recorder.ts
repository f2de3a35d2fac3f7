/**
 * @module Config section `flight_recorder` (reference key names, plus `max_file_bytes`,
 * `rotate_interval`, `fsync` and `include_allowed`): the hash-chained, Ed25519-checkpointed JSONL
 * evidence log. Off by default; `dir` is required when it is on.
 */
import * as v from "valibot";

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** A Go-style duration ("30m", "24h") or a number of seconds; 0 = never. */
const duration = v.union([v.pipe(v.string(), v.regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'must be a duration like "24h" or "30m"')), v.pipe(v.number(), v.minValue(0))]);

/** When buffered entries reach the disk platter, not just the OS (see README "Flight recorder"). */
export const FSYNC_POLICIES = ["always", "checkpoint", "never"] as const;
export type FsyncPolicy = (typeof FSYNC_POLICIES)[number];

export const FlightRecorderSection = v.pipe(
  v.strictObject({
    enabled: v.optional(v.boolean(), false),
    /** Directory of `evidence-proxy-<seq>.jsonl` files (created 0750). Relative to the config file. */
    dir: v.optional(v.pipe(v.string(), v.minLength(1))),
    /** A signed checkpoint after this many entries (and at rotation and shutdown). */
    checkpoint_interval: v.optional(int(1, 1_000_000), 1000),
    /** Files whose last write is older than this many days are deleted at startup and rotation (0 = keep forever). */
    retention_days: v.optional(int(0, 36_500), 0),
    /** Mask secrets (DLP matches, known secrets, URL query values) before anything is written. */
    redact: v.optional(v.boolean(), true),
    sign_checkpoints: v.optional(v.boolean(), true),
    max_entries_per_file: v.optional(int(2, 100_000_000), 10_000),
    /** Ours: rotate when a file reaches this size. */
    max_file_bytes: v.optional(int(4096, 4 * 1024 * 1024 * 1024), 64 * 1024 * 1024),
    /** Ours: rotate a file this old (0 = only by size/entries). */
    rotate_interval: v.optional(duration, "24h"),
    /** Ours: `checkpoint` (default) fsyncs at every checkpoint, rotation and shutdown; `always` after every flush. */
    fsync: v.optional(v.picklist(FSYNC_POLICIES), "checkpoint"),
    /** Ours: write each entry to the OS as it is made (a kill -9 then loses at most that entry) instead of once per event-loop turn. */
    write_through: v.optional(v.boolean(), false),
    /** Ours: record allow decisions too (deny and warn decisions are always recorded). */
    include_allowed: v.optional(v.boolean(), true),
    /** Reference key; raw escrow is not supported by this build and must stay false. */
    raw_escrow: v.optional(v.literal(false, "raw_escrow is not supported by this build of pipelock"), false),
    escrow_public_key: v.optional(v.string()),
    /** Ed25519 private key (`pipelock keygen`) for checkpoint signatures. Relative to the config file. */
    signing_key_path: v.optional(v.pipe(v.string(), v.minLength(1))),
  }),
  v.check((s) => !s.enabled || s.dir !== undefined, "flight_recorder.dir is required when flight_recorder.enabled is true"),
);

export type FlightRecorderConfig = v.InferOutput<typeof FlightRecorderSection>;
export const FLIGHT_RECORDER_DEFAULT: FlightRecorderConfig = v.parse(FlightRecorderSection, {});
