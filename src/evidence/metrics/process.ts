/**
 * @module Process statistics for the metrics scrape: CPU, memory, open descriptors and event-loop
 * lag. The lag probe is one unref'd timer (it never keeps the process alive).
 */
import { readdirSync } from "node:fs";
import type { PipelockMetrics } from "./families.ts";

/** How often the event-loop probe fires. */
const LAG_PROBE_MS = 500;

/** Register the process collector; returns a stop function. */
export function collectProcessMetrics(m: PipelockMetrics): () => void {
  let lastCpu = process.cpuUsage();
  let expected = performance.now() + LAG_PROBE_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    m.processEventLoopLag.set([], Math.max(0, now - expected) / 1000);
    expected = now + LAG_PROBE_MS;
  }, LAG_PROBE_MS);
  timer.unref();
  m.registry.onCollect(() => {
    const cpu = process.cpuUsage();
    m.processCpu.inc([], (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1e6);
    lastCpu = cpu;
    const mem = process.memoryUsage();
    m.processResident.set([], mem.rss);
    m.processHeap.set([], mem.heapUsed);
    try {
      m.processOpenFds.set([], readdirSync("/proc/self/fd").length);
    } catch {
      // Not Linux: the gauge stays 0.
    }
  });
  return () => clearInterval(timer);
}
