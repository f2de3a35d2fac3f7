/**
 * @module Fuzz-style Scan API test: hundreds of random byte bodies, random JSON shapes and
 * mutated valid requests. Every answer must be a well-formed JSON envelope with a 2xx or 4xx
 * status, and a scan may only run (the only way to an allow) for a request that was valid.
 */
import { describe, expect, test } from "bun:test";
import type { Subject } from "../../../src/engine/types.ts";
import { ALLOW, fakeScan, makeApi, scanRequest, send, testSettings } from "./fixtures.ts";

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(0x5ca4_a91);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

const KEYS = ["kind", "input", "context", "options", "url", "text", "content", "tool_name", "arguments", "tool", "name",
  "request_id", "session_id", "include_evidence", "Kind", "__proto__", "constructor", "", "x"];
const STRINGS = ["url", "dlp", "prompt_injection", "tool_call", "tool_description", "text", "http://a.test/", "https://b.test/p?q=1",
  "ftp://c.test/", "http://", "", " ", "a", "\ud800", "x\udfff", "€", "\u0000", "null", "{}"];
const JSON_CHARS = '{}[]":,. \\/0123456789abcdeftrunlTFEu-+';

function randomValue(depth: number): unknown {
  const roll = int(depth > 4 ? 6 : 9);
  switch (roll) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return pick([0, -1, 1.5, 1e308, 2 ** 53, int(1000)]);
    case 3: case 4: case 5: return pick(STRINGS);
    case 6: return Array.from({ length: int(4) }, () => randomValue(depth + 1));
    default: return randomObject(depth + 1);
  }
}

function randomObject(depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = int(5); i > 0; i--) object[pick(KEYS)] = randomValue(depth);
  return object;
}

/** An input with the field the kind reads and a random, often acceptable, value. */
function matchingInput(kind: unknown): Record<string, unknown> {
  switch (kind) {
    case "url": return { url: pick(STRINGS) };
    case "dlp": return { text: pick(STRINGS) };
    case "prompt_injection": return { content: pick(STRINGS) };
    case "tool_call": return random() < 0.5 ? { tool_name: pick(STRINGS) } : { tool_name: pick(STRINGS), arguments: randomValue(2) };
    case "tool_description": return { tool: { ...randomObject(3), name: random() < 0.8 ? pick(STRINGS) : randomValue(3) } };
    default: return randomObject(2);
  }
}

/** Request-like shapes: usually a known kind and a plausible input, with random damage. */
function randomRequest(): unknown {
  if (random() < 0.2) return randomValue(0);
  const request: Record<string, unknown> = { kind: random() < 0.8 ? pick(STRINGS.slice(0, 6)) : randomValue(1) };
  if (random() < 0.9) {
    const roll = random();
    request.input = roll < 0.5 ? matchingInput(request.kind) : roll < 0.8 ? { [pick(KEYS.slice(4, 10))]: randomValue(2) } : randomValue(1);
  }
  if (random() < 0.3) request.context = random() < 0.7 ? { request_id: pick(STRINGS) } : randomValue(1);
  if (random() < 0.3) request.options = random() < 0.7 ? { include_evidence: randomValue(3) } : randomValue(1);
  if (random() < 0.1) request[pick(KEYS)] = randomValue(1);
  return request;
}

function randomBytes(): Uint8Array {
  const bytes = new Uint8Array(int(600));
  const jsonish = random() < 0.5;
  for (let i = 0; i < bytes.length; i++) bytes[i] = jsonish ? JSON_CHARS.charCodeAt(int(JSON_CHARS.length)) : int(256);
  return bytes;
}

const VALID = [
  '{"kind":"url","input":{"url":"https://example.test/a"}}',
  '{"kind":"dlp","input":{"text":"hello there"},"context":{"request_id":"r"}}',
  '{"kind":"tool_call","input":{"tool_name":"run","arguments":{"cmd":["ls","-l"]}},"options":{"include_evidence":true}}',
  '{"kind":"tool_description","input":{"tool":{"name":"t","description":"d"}}}',
];

function mutate(text: string): Uint8Array {
  const bytes = [...new TextEncoder().encode(text)];
  for (let n = 1 + int(3); n > 0; n--) {
    const at = int(bytes.length + 1);
    const op = int(3);
    if (op === 0) bytes.splice(at, 1);
    else if (op === 1) bytes.splice(at, 0, random() < 0.5 ? int(256) : JSON_CHARS.charCodeAt(int(JSON_CHARS.length)));
    else bytes.length = Math.min(bytes.length, at);
  }
  return new Uint8Array(bytes);
}

/** True when `subject` is what a valid request of `kind` must produce. */
function validSubject(kind: string, subject: Subject): boolean {
  const goodText = (s: unknown) => typeof s === "string" && s.length > 0 && s.isWellFormed();
  switch (subject.kind) {
    case "url": return kind === "url" && goodText(subject.url) && /^https?:\/\/[^/]/i.test(subject.url) && URL.canParse(subject.url);
    case "text": return kind === "dlp" && goodText(subject.text);
    case "content": return kind === "prompt_injection" && goodText(subject.content);
    case "tool_call": return kind === "tool_call" && goodText(subject.toolName) && JSON.stringify(subject.arguments) !== undefined;
    case "tool_description": {
      const tool = subject.tool as { name?: unknown } | null;
      return kind === "tool_description" && typeof tool === "object" && tool !== null && !Array.isArray(tool) && goodText(tool.name);
    }
  }
}

describe("fuzz", () => {
  const fake = fakeScan(() => ALLOW);
  const { api } = makeApi({ scan: fake.scan, settingsValue: testSettings({ maxBodyBytes: 4096, burst: 1_000_000 }) });

  async function check(body: unknown, expectNoScan: boolean): Promise<number> {
    const before = fake.calls.length;
    const { status, body: envelope } = await send(api, scanRequest(body));
    expect(status === 200 || (status >= 400 && status < 500)).toBe(true);
    const scanned = fake.calls.slice(before);
    if (status === 200) {
      expect(envelope.status).toBe("completed");
      expect(scanned).toHaveLength(1);
      expect(validSubject(envelope.kind, (scanned[0] as { subject: Subject }).subject)).toBe(true);
    } else {
      expect(envelope.status).toBe("error");
      expect(scanned).toHaveLength(0);
    }
    if (expectNoScan) expect(status).not.toBe(200);
    return status;
  }

  test("300 random byte bodies are all refused with an error envelope", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) statuses.add(await check(randomBytes(), true));
    expect([...statuses]).toEqual([400]);
  });

  test("400 random JSON shapes: only valid requests reach the scan", async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const status = await check(JSON.stringify(randomRequest()), false);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // The generator is useful only if it reaches both the scan and the refusals.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(5);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
    expect([...statuses.keys()].sort()).toEqual([200, 400]);
  });

  test("200 mutated valid requests", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) statuses.add(await check(mutate(pick(VALID)), false));
    expect([...statuses].sort()).toEqual([200, 400]);
  });
});
