/**
 * @module Ordinary agent traffic through the compiled reverse proxy must pass untouched: model API
 * calls with trace and idempotency headers, searches, commit lookups, JSON bodies full of UUIDs,
 * hashes, counters and amounts, in one session (so cross-request detection sees it all). Generated
 * from a fixed seed, so a failure names a request that can be replayed. Grew out of a run in which
 * one request in 200 was denied: page counters and the digit group ending a UUID joined into a
 * Luhn-valid "card number" across requests.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { E2E_BASE, startPipelock, type Running } from "./http-harness.ts";

let upstream: ReturnType<typeof Bun.serve>;
let reverse: Running;
let served = 0;

beforeAll(async () => {
  upstream = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req) => {
      await req.arrayBuffer();
      served++;
      return Response.json({ ok: true, n: served });
    },
  });
  reverse = await startPipelock(E2E_BASE, ["--reverse-proxy", "--listen", "127.0.0.1:0", "--upstream", `http://127.0.0.1:${upstream.port}`], {}, /reverse proxy on http:\/\/(\S+)/);
});
afterAll(async () => {
  await reverse.stop();
  upstream.stop(true);
});

/** A small deterministic generator (LCG): the same requests on every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  const int = (n: number) => next() % n;
  const chars = (n: number, alphabet = "0123456789abcdef") => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join("");
  const uuid = () => `${chars(8)}-${chars(4)}-4${chars(3)}-a${chars(3)}-${chars(12)}`;
  return { int, chars, uuid };
}

const WORDS = ["install", "package", "tests", "build", "deploy", "review", "code", "fix", "bug", "feature", "branch", "merge", "docs", "release"];
const STOP = ["the", "and", "with", "for", "to", "of"];

describe("ordinary agent traffic passes the reverse proxy (compiled binary)", () => {
  test("416 varied requests in one session: every one answered 200 by the upstream", async () => {
    const g = generator(20261124);
    const sentence = () => Array.from({ length: 6 + g.int(10) }, (_, k) => (k % 3 === 2 ? STOP[k % STOP.length] : WORDS[g.int(WORDS.length)])).join(" ");
    const bodies = [
      (i: number) => ({ model: "claude-sonnet", max_tokens: 1024 + (i % 5) * 512, messages: [{ role: "user", content: sentence() }], metadata: { user_id: g.uuid() } }),
      (i: number) => ({ query: sentence(), page: i % 37, per_page: 50, cursor: g.chars(24, "abcdefghijklmnopqrstuvwxyz0123456789") }),
      (i: number) => ({ path: `/src/${WORDS[i % WORDS.length]}/${WORDS[(i * 7) % WORDS.length]}.ts`, line: i % 400, column: i % 80, sha: g.chars(40) }),
      (i: number) => ({ amount: (i * 37) % 10000, currency: "usd", order_id: 100000 + i, items: [i % 10, (i * 3) % 17, (i * 11) % 23] }),
      (i: number) => ({ event: "tool_use", ts: 1_790_000_000_000 + i * 997, duration_ms: (i * 13) % 5000, session: g.chars(32) }),
    ];
    const denied: string[] = [];
    for (let i = 0; i < 400; i++) {
      const path = i % 3 === 0 ? `/v1/messages?beta=true&n=${i}` : i % 3 === 1 ? `/api/search?q=${encodeURIComponent(sentence())}&page=${i % 20}` : `/repos/org/repo/commits/${g.chars(40)}`;
      const headers = {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        traceparent: `00-${g.chars(32)}-${g.chars(16)}-01`,
        "idempotency-key": `stainless-node-retry-${g.uuid()}`,
        "x-datadog-trace-id": String(BigInt(`0x${g.chars(15)}`)),
        "x-request-id": g.uuid(),
      };
      const r = await fetch(`${reverse.proxy}${path}`, { method: "POST", headers, body: JSON.stringify(bodies[i % bodies.length]!(i)) });
      const text = await r.text();
      if (r.status !== 200) denied.push(`#${i} ${path.slice(0, 50)}: ${r.status} ${/"reason":"([^"]{0,160})/.exec(text)?.[1] ?? ""}`);
    }
    // A pager whose successive page numbers happen to spell a Luhn-valid Visa number.
    for (const [k, digit] of [..."4121212121212127"].entries()) {
      const r = await fetch(`${reverse.proxy}/api/items?pg=${digit}&sort=name${"abcdefghijklmnop"[k]}`);
      if (r.status !== 200) denied.push(`page ${k} (${digit}): ${r.status} ${/"reason":"([^"]{0,160})/.exec(await r.text())?.[1] ?? ""}`);
      else await r.text();
    }
    expect(denied).toEqual([]);
    expect(served).toBe(416);
  }, 60_000);
});
