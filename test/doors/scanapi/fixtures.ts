/** @module Shared helpers for the Scan API door tests: settings, a recording fake scan, request builders. */
import { expect } from "bun:test";
import { createScanApi, scanApiSettings, type ScanApiDeps, type ScanApiSettings } from "../../../src/doors/scanapi/index.ts";
import type { Finding, Subject, Verdict } from "../../../src/engine/types.ts";

/** Invented tokens; long enough to look like real ones, obviously fake. */
export const TOKEN = "plk-test-4f1c9a7e2b6d8035c1e9f7a2";
export const OTHER_TOKEN = "plk-test-second-77aa19c04e5b";
export const ENGINE_VERSION = "9.9.9-test";
export const SCAN_URL = "http://scanapi.test/api/v1/scan";

export function testSettings(overrides: Partial<Omit<ScanApiSettings, "engineVersion">> = {}): ScanApiSettings {
  const { bearerTokens = [TOKEN, OTHER_TOKEN], ...rest } = overrides;
  return scanApiSettings({ bearerTokens, engineVersion: ENGINE_VERSION }, rest);
}

export const ALLOW: Verdict = { decision: "allow", action: "allow", findings: [], warned: false };

export const SECRET_FINDING: Finding = {
  scanner: "dlp",
  rule_id: "dlp.test_key",
  severity: "critical",
  action: "block",
  message: "Test key pattern",
  location: "text",
  excerpt: "key=AKIA…[redacted]",
  encoding: "plaintext",
  mitre: ["T1552.001"],
  owasp: ["LLM02:2025"],
  exempt: "suppress:\n  - rule: dlp.test_key",
};

export const DENY: Verdict = { decision: "deny", action: "block", findings: [SECRET_FINDING], warned: false };

export interface ScanCall {
  readonly subject: Subject;
  readonly signal: AbortSignal;
  readonly deadlineMs: number;
}

/** A fake engine: answers `answer(subject)` (default ALLOW) and records every call. */
export function fakeScan(answer: (subject: Subject) => Verdict | Promise<Verdict> = () => ALLOW): {
  scan: ScanApiDeps["scan"];
  calls: ScanCall[];
} {
  const calls: ScanCall[] = [];
  return {
    calls,
    scan: async (subject, options) => {
      calls.push({ subject, signal: options.signal, deadlineMs: options.deadlineMs });
      return answer(subject);
    },
  };
}

/** An API over a fake scan and fixed (or given) settings. */
export function makeApi(options: Partial<ScanApiDeps> & { settingsValue?: ScanApiSettings } = {}) {
  const fake = fakeScan();
  const settingsValue = options.settingsValue ?? testSettings();
  const deps: ScanApiDeps = {
    scan: options.scan ?? fake.scan,
    settings: options.settings ?? (() => settingsValue),
    ...(options.killSwitch !== undefined ? { killSwitch: options.killSwitch } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  return { api: createScanApi(deps), calls: fake.calls };
}

type Body = RequestInit["body"];

/** A POST to the scan endpoint; objects are JSON-encoded, strings and bytes sent as they are. */
export function scanRequest(
  body: unknown,
  options: { token?: string | null; headers?: Record<string, string>; method?: string; signal?: AbortSignal } = {},
): Request {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const raw: Body =
    typeof body === "string" || body instanceof Uint8Array || body instanceof ReadableStream ? (body as Body) : JSON.stringify(body);
  return new Request(SCAN_URL, {
    method: options.method ?? "POST",
    headers,
    body: raw,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
}

export interface Envelope {
  status: "completed" | "error";
  decision?: "allow" | "deny";
  kind: string;
  scan_id: string;
  request_id?: string;
  duration_ms: number;
  engine_version: string;
  findings: Record<string, unknown>[];
  errors: { code: string; message: string; retryable: boolean }[];
}

const ENVELOPE_KEYS = new Set(["status", "decision", "kind", "scan_id", "request_id", "duration_ms", "engine_version", "findings", "errors"]);

/** Asserts `value` is a well-formed response envelope and returns it typed. */
export function expectEnvelope(value: unknown): Envelope {
  expect(value).toBeObject();
  const env = value as Envelope;
  for (const key of Object.keys(env)) expect(ENVELOPE_KEYS.has(key)).toBe(true);
  expect(["completed", "error"]).toContain(env.status);
  expect(env.scan_id).toMatch(/^scan-[0-9a-f]{16}$/);
  expect(typeof env.kind).toBe("string");
  expect(Number.isInteger(env.duration_ms) && env.duration_ms >= 0).toBe(true);
  expect(typeof env.engine_version).toBe("string");
  expect(Array.isArray(env.findings)).toBe(true);
  expect(Array.isArray(env.errors)).toBe(true);
  if (env.status === "completed") {
    expect(["allow", "deny"]).toContain(env.decision as string);
    expect(env.errors).toEqual([]);
  } else {
    expect(env.decision).toBeUndefined();
    expect(env.findings).toEqual([]);
    expect(env.errors.length).toBe(1);
    const [error] = env.errors;
    expect(typeof error?.code).toBe("string");
    expect(typeof error?.message).toBe("string");
    expect(typeof error?.retryable).toBe("boolean");
  }
  return env;
}

/** Sends `request` and returns the status, headers and the checked envelope. */
export async function send(api: ReturnType<typeof createScanApi>, request: Request) {
  const response = await api.fetch(request);
  expect(response.headers.get("content-type")).toStartWith("application/json");
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: expectEnvelope(JSON.parse(text)) };
}

/** Sends and asserts an error answer with `status` and `code`. */
export async function expectError(api: ReturnType<typeof createScanApi>, request: Request, status: number, code: string) {
  const result = await send(api, request);
  expect({ status: result.status, code: result.body.errors[0]?.code }).toEqual({ status, code });
  expect(result.body.status).toBe("error");
  expect(result.body.engine_version).toBe(ENGINE_VERSION);
  return result;
}
