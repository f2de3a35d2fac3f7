/**
 * Joins judged clean are remembered per policy (clean-joins-memo.ts), so repeated traffic costs a
 * lookup. These tests pin what the memo must never do: skip a join that needs judging. A secret
 * completed after hundreds of remembered clean observations, a join whose new piece and boundaries
 * were seen before behind a different earlier piece, a stream trimmed at its bound on every
 * observation, another policy's answers, and a long mixed run judged step by step against the same
 * engine with no memo at all.
 */
import { describe, expect, test } from "bun:test";
import { cleanJoinsKey, knownClean, MAX_CLEAN_JOINS, MAX_CLEAN_KEY_CHARS, rememberClean } from "../../../../src/engine/scanners/cross-request/clean-joins-memo.ts";
import {
  advanceCrossRequest,
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  forgetDetected,
  inspectCrossRequest,
  REASSEMBLY_REACH_CHARS,
  urlFragments,
  type CrossRequestInput,
  type CrossRequestState,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import type { ReassemblyPolicy } from "../../../../src/engine/scanners/cross-request/reassemble.ts";
import { policyFrom } from "../../../helpers/policy.ts";
import { FAKE_ANTHROPIC, FAKE_AWS_ID, FAKE_GITHUB, fakeChars, feed, generator, policy, split } from "./fixture.ts";

const frame = (text: string): CrossRequestInput => ({ fragments: [{ text, field: "ws" }], host: "ws.example.net" });
const get = (page: string, d: string): CrossRequestInput => ({ fragments: urlFragments(`https://api.example.net/v1/items?page=${page}&d=${encodeURIComponent(d)}`), host: "api.example.net" });
const repeat = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

describe("a secret after many remembered clean observations", () => {
  test("a GitHub token in 4 frames after 300 identical frames: caught on its last piece only", () => {
    const { perStep } = feed([...repeat(300, frame("status ok ")), ...split(FAKE_GITHUB, 4).map(frame)]);
    expect(perStep.slice(0, -1).flat()).toEqual([]);
    expect(perStep.at(-1)).toEqual(["dlp.github_classic_token"]);
  });

  test("a card number after 200 repeats of `?page=4` (a digit run confirmed, and remembered, every time)", () => {
    const { perStep } = feed([...repeat(200, get("4", "-")), get("4", "4111 1111"), get("4", " 1111 1111")]);
    expect(perStep.slice(0, -1).flat()).toEqual([]);
    expect(perStep.at(-1)).toContain("dlp.credit_card_number");
  });

  test("the same clean run fed again (every join remembered) still lets the secret through to judgment", () => {
    const clean = repeat(100, frame("ping "));
    feed(clean);
    const { perStep } = feed([...clean, ...split(FAKE_AWS_ID, 2).map(frame)]);
    expect(perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });
});

describe("a join is known only by its whole text and boundaries", () => {
  test("the same new piece and boundary offsets behind a different earlier piece is judged again", () => {
    const [a, b] = split(FAKE_AWS_ID, 2) as [string, string];
    const decoy = "z".repeat(a.length);
    // Same lengths, same boundary, same new piece: only the earlier piece differs.
    expect(feed([decoy, b].map(frame)).perStep.flat()).toEqual([]);
    expect(feed([a, b].map(frame)).perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });

  test("the same text with its new boundary elsewhere is judged again", () => {
    const [a, b] = split(FAKE_AWS_ID, 2) as [string, string];
    const filler = " lorem ipsum dolor sit amet".repeat(8);
    // First the key whole in one piece, far before the new boundary: nothing split, judged clean.
    expect(feed([frame(`${a}${b}${filler}`), frame("end")]).perStep.flat()).toEqual([]);
    // Then the same join text, its new boundary inside the key.
    expect(feed([frame(a), frame(`${b}${filler}end`)]).perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });

  test("keys differ whenever the text, the boundaries or the split into joins differ, whatever the text holds", () => {
    const keys = [
      [{ joined: "ab", boundaries: [1] }],
      [{ joined: "ab", boundaries: [] }],
      [{ joined: "ab", boundaries: [0, 1] }],
      [{ joined: "ac", boundaries: [1] }],
      [{ joined: "a", boundaries: [] }, { joined: "b", boundaries: [] }],
      [{ joined: "1/", boundaries: [] }],
      [{ joined: "1", boundaries: [] }, { joined: "/", boundaries: [] }],
      [{ joined: "2/1/x", boundaries: [] }],
      [{ joined: "2", boundaries: [1] }, { joined: "x", boundaries: [] }],
    ].map(cleanJoinsKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("joins longer than the bound are not remembered at all", () => {
    expect(cleanJoinsKey([{ joined: "x".repeat(MAX_CLEAN_KEY_CHARS + 1), boundaries: [1] }])).toBeUndefined();
    expect(cleanJoinsKey([{ joined: "x".repeat(MAX_CLEAN_KEY_CHARS), boundaries: [1] }])).toBeDefined();
  });
});

describe("trimming at the stream's bound", () => {
  test("a stream at its bound (trimmed on every observation, the oldest piece cut mid-way) still joins the secret", () => {
    for (const filler of ["ok ", "status: fine; ", "; "]) {
      const inputs = [...repeat(Math.ceil((3 * REASSEMBLY_REACH_CHARS) / filler.length), frame(filler)), ...split(FAKE_ANTHROPIC, 3).map(frame)];
      const { perStep } = feed(inputs);
      expect(perStep.slice(0, -1).flat()).toEqual([]);
      expect(perStep.at(-1)).toEqual(["dlp.anthropic_api_key"]);
    }
  });

  test("a first piece pushed past the reach by later traffic is not joined (the bound, not the memo, decides)", () => {
    const [a, b] = split(FAKE_AWS_ID, 2) as [string, string];
    // Filler in the same streams between the pieces: the join no longer holds them side by side.
    const between = repeat(Math.ceil(REASSEMBLY_REACH_CHARS / 8) + 1, frame("filler! "));
    expect(feed([frame(a), ...between, frame(b)]).perStep.flat()).toEqual([]);
  });
});

describe("answers belong to one policy", () => {
  test("an answer remembered for one rule set or secrets object is not another's", () => {
    const other = policyFrom();
    const key = cleanJoinsKey([{ joined: `memo-test-${fakeChars(5, 12)}`, boundaries: [3] }])!;
    rememberClean(policy.dlp, policy.secrets, key);
    expect(knownClean(policy.dlp, policy.secrets, key)).toBe(true);
    expect(knownClean(other.dlp, other.secrets, key)).toBe(false);
    expect(knownClean(policy.dlp, undefined, key)).toBe(policy.secrets === undefined);
  });

  test("pieces judged clean under a warn policy are still caught under a block policy", () => {
    const warnPolicy = policyFrom("rules:\n  actions:\n    dlp.aws_access_key_id: warn\n");
    const pieces = split(FAKE_AWS_ID, 2).map(frame);
    let state: CrossRequestState = EMPTY_CROSS_REQUEST_STATE;
    pieces.forEach((input, i) => {
      const advance = advanceCrossRequest(state, input, DEFAULT_CROSS_REQUEST_SETTINGS, 1000 + i);
      expect(inspectCrossRequest(advance, warnPolicy, DEFAULT_CROSS_REQUEST_SETTINGS).findings).toEqual([]);
      state = advance.state;
    });
    expect(feed(pieces).perStep.at(-1)).toEqual(["dlp.aws_access_key_id"]);
  });

  test("the memo is bounded", () => {
    expect(MAX_CLEAN_JOINS).toBeGreaterThan(0);
    const keys = Array.from({ length: MAX_CLEAN_JOINS + 5 }, (_, i) => cleanJoinsKey([{ joined: `bound-${i}`, boundaries: [1] }])!);
    for (const k of keys) rememberClean(policy.dlp, policy.secrets, k);
    const kept = keys.filter((k) => knownClean(policy.dlp, policy.secrets, k)).length;
    expect(kept).toBeLessThanOrEqual(MAX_CLEAN_JOINS);
    expect(knownClean(policy.dlp, policy.secrets, keys.at(-1)!)).toBe(true);
  });
});

describe("the same answers as the engine with no memo", () => {
  /** The same rules behind a new object on every call: no memo (keyed by rule set) can answer. */
  const unremembered = (): ReassemblyPolicy => ({ dlp: { rules: policy.dlp.rules, findMatches: policy.dlp.findMatches, mayMatch: policy.dlp.mayMatch }, ...(policy.secrets ? { secrets: policy.secrets } : {}) });

  test("a long run of repeated, cycling and new values with secrets split among them: identical findings at every step", () => {
    const g = generator(42);
    const secrets = [FAKE_AWS_ID, FAKE_GITHUB, "4111 1111 1111 1111", "password=Tr0ub4dor&3horse"];
    const inputs: CrossRequestInput[] = [];
    for (let i = 0; i < 600; i++) {
      const kind = i % 7;
      if (kind === 0) inputs.push(get("4", "-"));
      else if (kind === 1) inputs.push(get(String(i % 13), g.hex(6)));
      else if (kind === 2) inputs.push(frame("ping "));
      else if (kind === 3 && i % 35 === 3) for (const p of split(secrets[(i / 35) % secrets.length | 0]!, 2 + (i % 3))) inputs.push(frame(p));
      else if (kind === 4 && i % 49 === 4) for (const p of split(secrets[(i / 49) % secrets.length | 0]!, 2)) inputs.push(get("4", p));
      else inputs.push(frame(String(i % 5)));
    }
    let state: CrossRequestState = EMPTY_CROSS_REQUEST_STATE;
    let caught = 0;
    inputs.forEach((input, i) => {
      const advance = advanceCrossRequest(state, input, DEFAULT_CROSS_REQUEST_SETTINGS, 1000 + i);
      const remembered = inspectCrossRequest(advance, policy, DEFAULT_CROSS_REQUEST_SETTINGS);
      const fresh = inspectCrossRequest(advance, unremembered(), DEFAULT_CROSS_REQUEST_SETTINGS);
      expect(remembered.findings.map((f) => f.rule_id)).toEqual(fresh.findings.map((f) => f.rule_id));
      caught += remembered.findings.length;
      state = forgetDetected(advance.state, remembered.detectedStreams, 1000 + i);
    });
    expect(caught).toBeGreaterThan(5);
  });
});
