/**
 * The boundary gate in front of reassembly DLP: which observations skip DLP, which read only the
 * windows around the new boundaries and which scan the joins in full, and, through the engine, that
 * secrets split at every kind of boundary the gate reasons about are still caught: inside a long
 * token, next to a keyword, in a card number among numeric ids or an IBAN, in a password assignment
 * split at `=`, and behind ordinary word traffic.
 */
import { describe, expect, test } from "bun:test";
import { BOUNDARY_WINDOW_CHARS, gateJoins, type GateJoin } from "../../../../src/engine/scanners/cross-request/boundary-gate.ts";
import { urlFragments, type CrossRequestInput } from "../../../../src/engine/scanners/cross-request/index.ts";
import { FAKE_AWS_ID, FAKE_GITHUB, feed, policy, split } from "./fixture.ts";

const SEP = "\n\n\n";
const gate = (joins: GateJoin[]) => gateJoins(policy.dlp, undefined, joins, SEP);

describe("gateJoins", () => {
  const cases: Array<[string, GateJoin[], "none" | "windows" | "full"]> = [
    ["short words: nothing can match across the new boundary", [{ pieces: ["install", "en", "faq", "reference"], priorCount: 3 }], "none"],
    ["a long token run crosses the new boundary", [{ pieces: ["page", "Xq7Lm2Pz9", "Rt4Wv8Kd3Nb6"], priorCount: 2 }], "full"],
    ["a token run long enough on its left alone still crosses the new boundary", [{ pieces: ["page", "Xq7Lm2Pz9Rt4Wv8Kd3Nb6", "Yh5"], priorCount: 2 }], "full"],
    ["a keyword of a long-reach rule anywhere in the join", [{ pieces: ["password", "=", "x"], priorCount: 2 }], "full"],
    ["a card number across the new boundary: only the windows", [{ pieces: ["1000 ", "4111 1111", " 1111 1111"], priorCount: 2 }], "windows"],
    ["numeric ids run together that no digit rule confirms (Luhn, issuer, \\b): none", [{ pieces: ["1000", "1001", "1002", "4111 1111"], priorCount: 3 }], "none"],
    ["lower-case words run together are not a token", [{ pieces: ["install", "en", "faq", "referenceguides"], priorCount: 3 }], "none"],
    ["a token run that only ends at the boundary is not split by it", [{ pieces: ["Xq7Lm2Pz9Rt4Wv8Kd3Nb6", " and", " more"], priorCount: 1 }], "none"],
    ["a token run across an old boundary only (already judged)", [{ pieces: ["Xq7Lm2Pz9", "Rt4Wv8Kd3Nb6", " ok"], priorCount: 2 }], "none"],
  ];
  for (const [name, joins, expected] of cases) test(name, () => expect(gate(joins).scan).toBe(expected));

  test("the windows hold only the text around new boundaries", () => {
    const far = "7".repeat(3 * BOUNDARY_WINDOW_CHARS);
    const d = gate([{ pieces: [`${far} 4111 1111`, " 1111 1111"], priorCount: 1 }]);
    expect(d.scan).toBe("windows");
    if (d.scan === "windows") expect(d.text).toBe(`${"7".repeat(BOUNDARY_WINDOW_CHARS - 10)} 4111 1111 1111 1111`);
  });
});

describe("split secrets still caught behind the gate", () => {
  const wsFrame = (p: string): CrossRequestInput => ({ fragments: [{ text: p, field: "ws" }], host: "ws.example.net" });
  const idGet = (p: string, i: number): CrossRequestInput => ({ fragments: urlFragments(`https://api.example.net/v1/items/${1000 + i}?page=${i}&d=${encodeURIComponent(p)}`), host: "api.example.net" });
  const words = ["install ", "reference ", "faq ", "guides "].map((w) => wsFrame(w));
  const cases: Array<[string, CrossRequestInput[], string]> = [
    ["an AWS key id split inside the token", split(FAKE_AWS_ID, 2).map(wsFrame), "dlp.aws_access_key_id"],
    ["a GitHub token split in 4, with word traffic first", [...words, ...split(FAKE_GITHUB, 4).map(wsFrame)], "dlp.github_classic_token"],
    ["a card number split at a space, among numeric ids", ["4111 1111", " 1111 1111"].map(idGet), "dlp.credit_card_number"],
    ["a card number split between digits", ["41111111", "11111111"].map(wsFrame), "dlp.credit_card_number"],
    ["an IBAN split between its digit groups", ["IBAN DE89 3704 0044", " 0532 0130 00"].map(wsFrame), "dlp.iban"],
    ["a password assignment split at `=`", ["password=", "Tr0ub4dor&3horse"].map(wsFrame), "dlp.password_config_value"],
  ];
  for (const [name, inputs, rule] of cases) {
    test(name, () => {
      const { perStep } = feed(inputs);
      expect(perStep.slice(0, -1).flat()).toEqual([]);
      expect(perStep.at(-1)).toContain(rule);
    });
  }
});

describe("numbers that only the digits of an id make are not split secrets", () => {
  const wsFrame = (p: string): CrossRequestInput => ({ fragments: [{ text: p, field: "ws" }], host: "ws.example.net" });
  test("the digit group ending a UUID run into the next counter is no card number; the same digits as numbers are", () => {
    expect(feed(["3f6b2c1e-9a7d-4e2f-8c1b-411111111111", "1111"].map(wsFrame)).perStep.flat()).toEqual([]);
    expect(feed(["411111111111", "1111"].map(wsFrame)).perStep.at(-1)).toContain("dlp.credit_card_number");
  });

  test("a page counter whose values spell a Luhn-valid number is no card number; digit groups in one field still are", () => {
    const page = (value: string, i: number): CrossRequestInput => ({ fragments: urlFragments(`https://api.example.net/v1/items?page=${encodeURIComponent(value)}&sort=name${"abcdefghijklmnop"[i]}`), host: "api.example.net" });
    expect(feed([..."4121212121212127"].map(page)).perStep.flat()).toEqual([]);
    expect(feed(["4111 1111", " 1111 1111"].map(page)).perStep.at(-1)).toContain("dlp.credit_card_number");
  });
});
