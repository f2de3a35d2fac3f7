import { describe, expect, test } from "bun:test";
import { collectProcessMetrics, createMetrics, observeDecision, OVERFLOW_LABEL, Registry } from "../../src/evidence/index.ts";
import { ALLOW_EVENT, DENY_EVENT } from "./_fixtures.ts";
import { checkExposition, promtoolCheck } from "./_exposition.ts";

/** Metrics with every family exercised (labels with characters that need escaping included). */
function busy() {
  const m = createMetrics();
  const stop = collectProcessMetrics(m);
  observeDecision(m, DENY_EVENT);
  observeDecision(m, ALLOW_EVENT);
  observeDecision(m, { ...DENY_EVENT, door: "mcp_stdio", subject: "tool_call", status: -32004, failure: "kill_switch_active" });
  observeDecision(m, { ...DENY_EVENT, door: "scan_api", failure: "scan_timeout", findings: [] });
  m.findings.inc(["dlp", 'odd"rule\\with\nnewline', "block"]);
  m.tunnels.inc(["opened"]);
  m.tunnelsActive.inc();
  m.tunnelDuration.observe([], 12);
  m.emitterQueueDepth.set(["webhook"], 3);
  m.emitterDropped.inc(["webhook", "queue_full"], 7);
  m.reloads.inc(["signal", "applied"]);
  stop();
  return m;
}

describe("Prometheus exposition", () => {
  test("at least 40 pipelock_* families", () => {
    const names = createMetrics().registry.names();
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(names.every((n) => n.startsWith("pipelock_"))).toBe(true);
  });

  test("passes the strict in-repo checker", () => {
    const text = busy().registry.render();
    const { problems, families } = checkExposition(text);
    expect(problems).toEqual([]);
    expect(families.size).toBeGreaterThanOrEqual(40);
    expect(text).toContain('pipelock_findings_total{scanner="dlp",rule="odd\\"rule\\\\with\\nnewline",action="block"} 1');
    expect(text).toMatch(/^pipelock_build_info\{version="[^"]+",engine_version="[^"]+",commit="[^"]+"\} 1$/m);
  });

  test("passes promtool check metrics (required: the test fails if promtool is missing)", () => {
    const r = promtoolCheck(busy().registry.render());
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  test("promtool and the checker both catch a broken exposition (the checks can fail)", () => {
    const bad = "# HELP pipelock_x_total x\n# TYPE pipelock_x_total counter\npipelock_x_total{a=\"b} 1\n";
    expect(checkExposition(bad).problems.length).toBeGreaterThan(0);
    expect(promtoolCheck(bad).status).not.toBe(0);
  });

  test("decisions are counted from events", () => {
    const m = createMetrics();
    observeDecision(m, DENY_EVENT);
    observeDecision(m, DENY_EVENT);
    observeDecision(m, ALLOW_EVENT);
    expect(m.requests.value(["fetch", "deny"])).toBe(2);
    expect(m.requests.value(["forward", "allow"])).toBe(1);
    expect(m.findings.value(["dlp", "dlp.aws_access_key_id", "block"])).toBe(2);
    expect(m.mitreTechniques.value(["T1552.001"])).toBe(2);
    expect(m.scanDuration.count(["fetch", "url"])).toBe(2);
    expect(m.bytesScanned.value(["fetch", "request"])).toBe(200);
    expect(m.responses.value(["fetch", "4xx"])).toBe(2);
  });

  test("histogram buckets are cumulative", () => {
    const r = new Registry();
    const h = r.histogram("pipelock_t_seconds", "t", [], [0.1, 1, 10]);
    for (const v of [0.05, 0.5, 0.5, 5, 50]) h.observe([], v);
    const text = r.render();
    expect(text).toContain('pipelock_t_seconds_bucket{le="0.1"} 1\npipelock_t_seconds_bucket{le="1"} 3\npipelock_t_seconds_bucket{le="10"} 4\npipelock_t_seconds_bucket{le="+Inf"} 5\npipelock_t_seconds_sum 56.05\npipelock_t_seconds_count 5');
  });

  test("label sets beyond the cap fold into _other", () => {
    const r = new Registry(3);
    const c = r.counter("pipelock_c_total", "c", ["agent"]);
    for (const a of ["a", "b", "c", "d", "e"]) c.inc([a]);
    expect(c.value(["a"])).toBe(1);
    expect(c.value([OVERFLOW_LABEL])).toBe(2);
    expect(r.render().match(/^pipelock_c_total/gm)!.length).toBe(4);
  });

  test.each([
    ["bad metric name", (r: Registry) => r.counter("pipelock-x_total", "x")],
    ["bad label name", (r: Registry) => r.counter("pipelock_x_total", "x", ["a-b"])],
    ["reserved label", (r: Registry) => r.counter("pipelock_x_total", "x", ["__a"])],
    ["le on a histogram", (r: Registry) => r.histogram("pipelock_h", "x", ["le"], [1])],
    ["non-increasing buckets", (r: Registry) => r.histogram("pipelock_h", "x", [], [1, 1])],
    ["duplicate family", (r: Registry) => (r.counter("pipelock_x_total", "x"), r.counter("pipelock_x_total", "x"))],
  ])("refuses a %s", (_n, f) => {
    expect(() => f(new Registry())).toThrow();
  });

  test("counters ignore negative and non-finite increments", () => {
    const r = new Registry();
    const c = r.counter("pipelock_x_total", "x");
    c.inc([], -5);
    c.inc([], Number.NaN);
    c.inc([], 2);
    expect(c.value()).toBe(2);
  });
});
