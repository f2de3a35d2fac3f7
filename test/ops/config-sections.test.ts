import { describe, expect, test } from "bun:test";
import { formatIssue, fromText } from "../../src/config/index.ts";

const load = (text: string) => fromText(text, "t.yaml", undefined);
const errorOf = (text: string) => {
  const r = load(text);
  return r.ok ? "" : r.issues.map(formatIssue).join("\n");
};

describe("config sections: flight_recorder, emit, kill_switch, metrics, reload", () => {
  test("defaults", () => {
    const r = load("");
    if (!r.ok) throw new Error("defaults");
    const c = r.loaded.config;
    expect(c.flight_recorder).toMatchObject({ enabled: false, checkpoint_interval: 1000, max_entries_per_file: 10_000, redact: true, sign_checkpoints: true, fsync: "checkpoint", write_through: false, include_allowed: true, retention_days: 0 });
    expect(c.emit).toEqual({});
    expect(c.kill_switch).toMatchObject({ enabled: false, message: "Emergency deny-all active", health_exempt: true, metrics_exempt: true, api_exempt: true, allowlist_ips: [] });
    expect(c.metrics).toEqual({ enabled: true, path: "/metrics", process_metrics: true, max_series_per_family: 2000 });
    expect(c.reload).toEqual({ watch: true, debounce_ms: 200, allow_weakening: false });
    expect(r.loaded.warnings).toEqual([]);
  });

  test("a reference-style config loads without 'not enforced' warnings", () => {
    const r = load(`flight_recorder:
  enabled: true
  dir: /var/lib/pipelock/evidence
  checkpoint_interval: 500
  retention_days: 30
  redact: true
  sign_checkpoints: true
  max_entries_per_file: 20000
  raw_escrow: false
  signing_key_path: /etc/pipelock/recorder.key
emit:
  instance_id: prod-1
  webhook:
    url: https://hooks.example.com/pipelock
    auth_token: abc
    min_severity: warn
    timeout_seconds: 5
    queue_size: 64
  syslog:
    address: udp://127.0.0.1:514
    min_severity: critical
    facility: local3
    tag: pipelock
  otlp:
    endpoint: http://127.0.0.1:4318
    min_severity: info
    headers: {authorization: "Bearer x"}
    timeout_seconds: 10
    queue_size: 256
    gzip: true
kill_switch:
  enabled: false
  message: stop
  sentinel_file: /run/pipelock/STOP
  api_token: 0123456789abcdef0123
  api_listen: 127.0.0.1:9091
  health_exempt: true
  metrics_exempt: true
  api_exempt: true
  allowlist_ips: [10.0.0.5]
metrics_listen: 127.0.0.1:9090
`);
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    expect(r.loaded.warnings).toEqual([]);
    expect(r.loaded.config.emit.syslog?.facility).toBe("local3");
  });

  test.each([
    ["recorder on without dir", "flight_recorder:\n  enabled: true\n", /dir is required/],
    ["raw escrow", "flight_recorder:\n  raw_escrow: true\n", /not supported/],
    ["unknown recorder key", "flight_recorder:\n  dirr: x\n", /dirr/],
    ["bad fsync policy", "flight_recorder:\n  fsync: sometimes\n", /fsync/],
    ["checkpoint interval 0", "flight_recorder:\n  checkpoint_interval: 0\n", /checkpoint_interval/],
    ["syslog without scheme", "emit:\n  syslog:\n    address: 127.0.0.1:514\n", /udp:\/\/host:port/],
    ["webhook not http", "emit:\n  webhook:\n    url: ftp://x\n", /http/],
    ["bad min severity", "emit:\n  otlp:\n    endpoint: http://c:4318\n    min_severity: debug\n", /min_severity/],
    ["short api token", "kill_switch:\n  api_token: short\n", /at least 16/],
    ["bad api_listen", "kill_switch:\n  api_listen: localhost\n", /host:port/],
    ["bad metrics path", "metrics:\n  path: metrics\n", /path/],
    ["bad debounce", "reload:\n  debounce_ms: 1\n", /debounce_ms/],
  ])("rejects: %s", (_n, text, why) => {
    expect(errorOf(text)).toMatch(why);
  });
});
