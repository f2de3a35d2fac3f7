/**
 * @module Config section `metrics` (ours): the Prometheus exposition. The admin listener address is
 * the reference's top-level `metrics_listen`; without it no admin listener is started.
 */
import * as v from "valibot";

export const MetricsSection = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  path: v.optional(v.pipe(v.string(), v.regex(/^\/[A-Za-z0-9/_-]{0,63}$/, "must be a path like /metrics")), "/metrics"),
  /** CPU, memory, file descriptors, event-loop lag of this process. */
  process_metrics: v.optional(v.boolean(), true),
  /** Label sets per family before new ones fold into `_other` (bounds cardinality). */
  max_series_per_family: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(100_000)), 2000),
});

export type MetricsConfig = v.InferOutput<typeof MetricsSection>;
export const METRICS_DEFAULT: MetricsConfig = v.parse(MetricsSection, {});
