import { describe, expect, test } from "bun:test";
import { isValidJwt } from "../../../../src/engine/scanners/validators/jwt.ts";

/** base64url of a JSON value, built here so the cases are readable. */
const seg = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
const SIG = "Zm9yLXRlc3Rpbmctb25seS1ub3QtYS1zaWduYXR1cmU";

describe("isValidJwt", () => {
  const body = seg({ sub: "agent-7", exp: 1900000000 });
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    [`${seg({ alg: "ES256", kid: "demo-key" })}.${body}.${SIG}`, true, "signed token"],
    [`${seg({ typ: "JWT", alg: "none" })}.${body}.`, true, "alg none, empty signature"],
    [seg({ alg: "RS256" }), true, "header segment alone"],
    [`${seg({ alg: "HS256" })}==.${body}`, true, "padded header"],
    [`${seg({ typ: "JWT", kid: "k1" })}.${body}.${SIG}`, false, "header without alg"],
    [`${seg(["alg", "HS256"])}.${body}.${SIG}`, false, "header is an array"],
    [`${seg({ alg: 5 })}.${body}.${SIG}`, false, "alg is not a string"],
    [`${seg({ alg: "HS256" }).slice(0, -3)}.${body}.${SIG}`, false, "header truncated (broken JSON)"],
    ["eyJub3QganNvbg.eyJhYmMi.sig", false, "not JSON"],
    ["eyJ!!!.payload.sig", false, "characters outside base64url"],
    [`${Buffer.from([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]).toString("base64url")}.${body}`, false, "not UTF-8"],
    ["eyJhbGci", false, "too short to be a header"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why} → ${expected}`, () => expect(isValidJwt(input)).toBe(expected));
  }
});
