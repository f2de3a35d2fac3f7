/**
 * @module A small Prometheus registry: counters, gauges and histograms with label sets, rendered
 * in the text exposition format 0.0.4 (ecosystem §4.1). Hand-written rather than prom-client: the
 * exposition is small and the hot path is a Map lookup. Label sets per family are capped; once a
 * family is full, new label sets fold into one `_other` series (cardinality stays bounded).
 */

export type MetricType = "counter" | "gauge" | "histogram";

/** Default cap on label sets per family. */
export const DEFAULT_MAX_SERIES = 2000;
/** Label value used for label sets beyond the cap. */
export const OVERFLOW_LABEL = "_other";
/** Longest label value kept; longer values are cut (a label is never a place for data). */
export const MAX_LABEL_VALUE_CHARS = 128;

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  render(out: string[]): void;
}

/** Prometheus float formatting: integers plain, non-finite as NaN / +Inf / -Inf. */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(n);
}

export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Label sets of one family: values → series state, capped. */
class SeriesTable<S> {
  private readonly series = new Map<string, { values: readonly string[]; state: S }>();
  constructor(
    readonly labelNames: readonly string[],
    private readonly create: () => S,
    private readonly maxSeries: number,
  ) {}

  get(values: readonly string[]): S {
    const key = values.length === 0 ? "" : values.join("\u0000");
    const hit = this.series.get(key);
    if (hit) return hit.state;
    if (values.length !== this.labelNames.length) throw new TypeError(`expected ${this.labelNames.length} label values, got ${values.length}`);
    let clean = values.map((v) => (v.length > MAX_LABEL_VALUE_CHARS ? v.slice(0, MAX_LABEL_VALUE_CHARS) : v));
    if (this.series.size >= this.maxSeries) clean = clean.map(() => OVERFLOW_LABEL);
    const cleanKey = clean.join("\u0000");
    const existing = this.series.get(cleanKey);
    if (existing) return existing.state;
    const entry = { values: clean, state: this.create() };
    this.series.set(cleanKey, entry);
    return entry.state;
  }

  entries(): Iterable<{ values: readonly string[]; state: S }> {
    return this.series.values();
  }

  get size(): number {
    return this.series.size;
  }
}

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i]!)}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

export class Counter implements Family {
  readonly type = "counter" as const;
  private readonly table: SeriesTable<{ v: number }>;
  constructor(readonly name: string, readonly help: string, labelNames: readonly string[], maxSeries: number) {
    this.table = new SeriesTable(labelNames, () => ({ v: 0 }), maxSeries);
    if (labelNames.length === 0) this.table.get([]);
  }
  /** Add `n` (≥ 0; negative or non-finite amounts are ignored: a counter never goes down). */
  inc(labels: readonly string[] = [], n = 1): void {
    if (!(n >= 0) || !Number.isFinite(n)) return;
    this.table.get(labels).v += n;
  }
  value(labels: readonly string[] = []): number {
    return this.table.get(labels).v;
  }
  render(out: string[]): void {
    for (const { values, state } of this.table.entries()) out.push(`${this.name}${labelText(this.table.labelNames, values)} ${formatValue(state.v)}`);
  }
}

export class Gauge implements Family {
  readonly type = "gauge" as const;
  private readonly table: SeriesTable<{ v: number }>;
  constructor(readonly name: string, readonly help: string, labelNames: readonly string[], maxSeries: number) {
    this.table = new SeriesTable(labelNames, () => ({ v: 0 }), maxSeries);
    if (labelNames.length === 0) this.table.get([]);
  }
  set(labels: readonly string[], v: number): void {
    this.table.get(labels).v = v;
  }
  inc(labels: readonly string[] = [], n = 1): void {
    this.table.get(labels).v += n;
  }
  dec(labels: readonly string[] = [], n = 1): void {
    this.table.get(labels).v -= n;
  }
  value(labels: readonly string[] = []): number {
    return this.table.get(labels).v;
  }
  render(out: string[]): void {
    for (const { values, state } of this.table.entries()) out.push(`${this.name}${labelText(this.table.labelNames, values)} ${formatValue(state.v)}`);
  }
}

export class Histogram implements Family {
  readonly type = "histogram" as const;
  private readonly table: SeriesTable<{ counts: number[]; sum: number; count: number }>;
  private readonly bucketText: readonly string[];
  constructor(readonly name: string, readonly help: string, labelNames: readonly string[], readonly buckets: readonly number[], maxSeries: number) {
    if (buckets.length === 0 || buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]!))) throw new TypeError(`${name}: buckets must be finite and increasing`);
    if (labelNames.includes("le")) throw new TypeError(`${name}: "le" is reserved in histograms`);
    this.table = new SeriesTable(labelNames, () => ({ counts: new Array<number>(buckets.length).fill(0), sum: 0, count: 0 }), maxSeries);
    this.bucketText = buckets.map(formatValue);
    if (labelNames.length === 0) this.table.get([]);
  }
  observe(labels: readonly string[], v: number): void {
    if (!Number.isFinite(v)) return;
    const s = this.table.get(labels);
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]!) s.counts[i]! += 1;
    s.sum += v;
    s.count += 1;
  }
  count(labels: readonly string[] = []): number {
    return this.table.get(labels).count;
  }
  render(out: string[]): void {
    const names = this.table.labelNames;
    for (const { values, state } of this.table.entries()) {
      for (let i = 0; i < this.buckets.length; i++) out.push(`${this.name}_bucket${labelText(names, values, ["le", this.bucketText[i]!])} ${state.counts[i]}`);
      out.push(`${this.name}_bucket${labelText(names, values, ["le", "+Inf"])} ${state.count}`);
      out.push(`${this.name}_sum${labelText(names, values)} ${formatValue(state.sum)}`);
      out.push(`${this.name}_count${labelText(names, values)} ${state.count}`);
    }
  }
}

/** Families by name, rendered in registration order; collect hooks run before each render. */
export class Registry {
  private readonly families = new Map<string, Family>();
  private readonly hooks: (() => void)[] = [];
  constructor(private readonly maxSeries = DEFAULT_MAX_SERIES) {}

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(this.check(name, labelNames), help, labelNames, this.maxSeries));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(this.check(name, labelNames), help, labelNames, this.maxSeries));
  }
  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(this.check(name, labelNames), help, labelNames, buckets, this.maxSeries));
  }
  /** Run `fn` before every render (gauges read from live state: queue depths, process stats). */
  onCollect(fn: () => void): void {
    this.hooks.push(fn);
  }
  names(): string[] {
    return [...this.families.keys()];
  }

  /** The exposition text (Content-Type `text/plain; version=0.0.4; charset=utf-8`). */
  render(): string {
    for (const hook of this.hooks) {
      try {
        hook();
      } catch {
        // A failing collector leaves its gauges at their last value; the scrape still answers.
      }
    }
    const out: string[] = [];
    for (const f of this.families.values()) {
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
      f.render(out);
    }
    return `${out.join("\n")}\n`;
  }

  private check(name: string, labelNames: readonly string[]): string {
    if (!NAME.test(name)) throw new TypeError(`bad metric name "${name}"`);
    if (this.families.has(name)) throw new TypeError(`metric "${name}" is registered twice`);
    for (const l of labelNames) if (!LABEL.test(l) || l.startsWith("__")) throw new TypeError(`${name}: bad label name "${l}"`);
    return name;
  }
  private add<F extends Family>(f: F): F {
    this.families.set(f.name, f);
    return f;
  }
}

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
