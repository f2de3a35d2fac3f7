/** @module Prometheus metrics: the registry, every pipelock_* family, the process collector. */
export { Registry, Counter, Gauge, Histogram, EXPOSITION_CONTENT_TYPE, OVERFLOW_LABEL, formatValue, escapeLabelValue } from "./registry.ts";
export { createMetrics, LATENCY_BUCKETS, CONNECTION_BUCKETS, IO_BUCKETS, type PipelockMetrics } from "./families.ts";
export { collectProcessMetrics } from "./process.ts";
export { observeDecision } from "./observe.ts";
