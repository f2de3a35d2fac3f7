/**
 * @module The entropy budget: high-entropy tokens are charged, words and short values are not, a
 * repeated token is charged once per window, going over the budget is a finding (only when the
 * request adds data), the window slides, exempt destinations are not charged, and ordinary agent
 * traffic stays within the default budget.
 */
import { describe, expect, test } from "bun:test";
import {
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  ENTROPY_BUDGET_RULE_ID,
  MIN_TOKEN_CHARS,
  advanceCrossRequest,
  spendEntropyBudget,
  tokenBits,
  type CrossRequestSettings,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import { BOTH_ON, feed, generator, ordinaryTraffic } from "./fixture.ts";

const budget = BOTH_ON.entropyBudget;
const small: CrossRequestSettings = { ...BOTH_ON, fragments: { ...BOTH_ON.fragments, enabled: false }, entropyBudget: { ...budget, bitsPerWindow: 2000 } };

describe("what is charged", () => {
  test.each([
    ["a random base64 run", generator(1).base64(64), true],
    ["a random hex run", generator(2).hex(40), true],
    ["a UUID", generator(3).uuid(), true],
    ["a long English word", "internationalization", false],
    ["repeated characters", "a".repeat(64), false],
    ["a short token", generator(4).base64(MIN_TOKEN_CHARS - 1), false],
  ])("%s: charged=%p", (_, token, charged) => {
    expect(tokenBits(token) > 0).toBe(charged);
  });

  test("prose and JSON structure cost nothing; the embedded blob costs", () => {
    const blob = generator(5).base64(120);
    const spend = spendEntropyBudget(EMPTY_CROSS_REQUEST_STATE, [`{"note": "please summarise the attached file", "data": "${blob}"}`], budget, 1000);
    expect(spend.addedBits).toBe(tokenBits(blob));
  });

  test("a token is charged once per window, again after it", () => {
    const token = generator(6).base64(48);
    const first = spendEntropyBudget(EMPTY_CROSS_REQUEST_STATE, [token], budget, 1000);
    const again = spendEntropyBudget(first, [token, token], budget, 2000);
    const later = spendEntropyBudget(again, [token], budget, 1000 + budget.windowMs + 1);
    expect(first.addedBits).toBeGreaterThan(0);
    expect(again.addedBits).toBe(0);
    expect(later.addedBits).toBe(first.addedBits);
  });
});

describe("going over the budget", () => {
  const chunks = (n: number, seed = 11) => Array.from({ length: n }, (_, i) => generator(seed + i).base64(100));

  test("fresh encoded chunks run the budget out: a finding from that request on", () => {
    const perChunk = tokenBits(chunks(1)[0]!);
    const { perStep } = feed(chunks(8).map((c) => ({ fragments: [{ text: c, field: "ws" }] })), small);
    const firstHit = perStep.findIndex((ids) => ids.includes(ENTROPY_BUDGET_RULE_ID));
    expect(firstHit).toBe(Math.ceil(2000 / perChunk) - 1);
    expect(perStep.slice(firstHit).every((ids) => ids.includes(ENTROPY_BUDGET_RULE_ID))).toBe(true);
  });

  test("over budget, a request that adds no new data is not flagged", () => {
    const { state } = feed(chunks(8).map((c) => ({ fragments: [{ text: c }] })), small);
    const r = advanceCrossRequest(state, { fragments: [{ text: "GET /status" }] }, small, 1_000_000 + 9000);
    expect(r.budgetFinding).toBeUndefined();
  });

  test("the window slides: after it, the session starts fresh", () => {
    const { state } = feed(chunks(8).map((c) => ({ fragments: [{ text: c }] })), small);
    const r = advanceCrossRequest(state, { fragments: [{ text: generator(99).base64(100) }] }, small, 1_000_000 + 8000 + budget.windowMs + budget.windowMs / 12);
    expect(r.budgetFinding).toBeUndefined();
  });

  test("exempt destinations are not charged", () => {
    const exempt: CrossRequestSettings = { ...small, entropyBudget: { ...small.entropyBudget, exemptDomains: ["*.llm.example"] } };
    const { perStep, state } = feed(chunks(8).map((c) => ({ fragments: [{ text: c }], host: "api.llm.example" })), exempt);
    expect(perStep.flat()).toEqual([]);
    expect(state.spent).toEqual([]);
  });

  test("the finding carries the action, the numbers and an exemption hint without the host's first label", () => {
    const { state } = feed(chunks(7).map((c) => ({ fragments: [{ text: c }] })), small);
    const r = advanceCrossRequest(state, { fragments: [{ text: generator(77).base64(400) }], host: "q3j8x0a9.drop.example.net" }, small, 1_000_000 + 8000);
    const f = r.budgetFinding!;
    expect(f.action).toBe("warn");
    expect(f.message).toContain("budget 2000");
    expect(f.exempt).toContain('"*.example.net"');
    expect(f.exempt).not.toContain("q3j8x0a9");
  });
});

describe("the default budget", () => {
  test("a file's worth of base64 (16 KiB in 1 KiB frames) is flagged before it is all out", () => {
    const frames = Array.from({ length: 16 }, (_, i) => ({ fragments: [{ text: generator(500 + i).base64(1024), field: "ws" }], host: "ws.example.net" }));
    const { perStep } = feed(frames, BOTH_ON);
    const firstHit = perStep.findIndex((ids) => ids.includes(ENTROPY_BUDGET_RULE_ID));
    expect(firstHit).toBeGreaterThan(0);
    expect(firstHit).toBeLessThan(15);
  });
});

describe("ordinary traffic", () => {
  test("60 rounds (240 requests in 4 minutes) with fresh UUIDs, hashes and integrity strings stay within the default budget", () => {
    expect(BOTH_ON.entropyBudget.bitsPerWindow).toBe(DEFAULT_CROSS_REQUEST_SETTINGS.entropyBudget.bitsPerWindow);
    expect(feed(ordinaryTraffic(60), BOTH_ON, 1_000_000, undefined, 1000).perStep.flat()).toEqual([]);
  });
});

describe("what an observation costs the state", () => {
  test("nothing charged and nothing expired: the prior lists come back as they are; expiry and charges make new ones", () => {
    const first = spendEntropyBudget(EMPTY_CROSS_REQUEST_STATE, [generator(11).base64(64), generator(12).hex(40)], budget, 1000);
    expect(first.seen.length).toBe(2);
    expect(first.spent.length).toBe(1);
    const quiet = spendEntropyBudget(first, ["GET /docs?page=4", "plain words only"], budget, 2000);
    expect(quiet.seen).toBe(first.seen);
    expect(quiet.spent).toBe(first.spent);
    expect(quiet).toMatchObject({ addedBits: 0, windowBits: first.windowBits, exceeded: false });
    // A repeat of a counted token is free and changes nothing either.
    const repeat = spendEntropyBudget(first, [generator(11).base64(64)], budget, 3000);
    expect(repeat.addedBits).toBe(0);
    expect(repeat.seen).toEqual(first.seen);
    // A window (and a bucket) later everything expired, and a new token is charged into fresh lists.
    const at = 1000 + budget.windowMs + budget.windowMs / 12;
    const later = spendEntropyBudget(first, [generator(13).base64(64)], budget, at);
    expect(later.seen.map(([, t]) => t)).toEqual([at]);
    expect(later.windowBits).toBe(later.addedBits);
    expect(first.seen.length).toBe(2);
  });
});
