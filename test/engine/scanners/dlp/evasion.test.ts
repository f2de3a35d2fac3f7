import { describe, expect, test } from "bun:test";
import { scan as scanSubject } from "../../../../src/engine/index.ts";
import { scanTextDlp } from "../../../../src/engine/scanners/dlp/index.ts";
import { policyFrom } from "../../../helpers/policy.ts";
import { encodeBase32 } from "../../../../src/engine/normalize/codecs/index.ts";
import { b64, b64url, DLP_RULES, FAKE_ANTHROPIC, FAKE_AWS_ID, FAKE_GITHUB, hex, hexBytes, utf8 } from "./fakes.ts";

const scan = (text: string) => scanTextDlp(DLP_RULES, text, { location: "text" });
const pct = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");

/** [technique, text, rule id, encoding] */
const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
  ["plain key", `id=${FAKE_AWS_ID}`, "dlp.aws_access_key_id", "plaintext"],
  ["base64 of a key", `blob ${b64(FAKE_AWS_ID)} end`, "dlp.aws_access_key_id", "base64"],
  ["base64 glued to a parameter name", `data=${b64(FAKE_GITHUB)}`, "dlp.github_classic_token", "base64"],
  ["base64url without padding", `/upload/${b64url(FAKE_ANTHROPIC)}`, "dlp.anthropic_api_key", "base64"],
  ["base64 wrapped over lines", b64(`token: ${FAKE_GITHUB}`).match(/.{1,20}/g)!.join("\n"), "dlp.github_classic_token", "base64"],
  ["hex, lower case", `payload=${hex(FAKE_GITHUB)}`, "dlp.github_classic_token", "hex"],
  ["hex, upper case", hex(FAKE_AWS_ID).toUpperCase(), "dlp.aws_access_key_id", "hex"],
  ["hex glued to letters", `${hex(FAKE_AWS_ID)}exfilexamplecom`, "dlp.aws_access_key_id", "hex"],
  ["hex with ':'", hexBytes(FAKE_AWS_ID).join(":"), "dlp.aws_access_key_id", "hex"],
  ["hex with '-'", hexBytes(FAKE_AWS_ID).join("-"), "dlp.aws_access_key_id", "hex"],
  ["hex with spaces", hexBytes(FAKE_AWS_ID).join(" "), "dlp.aws_access_key_id", "hex"],
  ["hex with ','", hexBytes(FAKE_AWS_ID).join(","), "dlp.aws_access_key_id", "hex"],
  ["hex with '\\x'", hexBytes(FAKE_AWS_ID).map((b) => `\\x${b}`).join(""), "dlp.aws_access_key_id", "hex"],
  ["hex with '0x'", hexBytes(FAKE_AWS_ID).map((b) => `0x${b}`).join(", "), "dlp.aws_access_key_id", "hex"],
  ["hex inside binary framing", `deadbeef00ff1122${hex(FAKE_AWS_ID)}00ff`, "dlp.aws_access_key_id", "hex"],
  ["base32", `q=${encodeBase32(utf8(FAKE_GITHUB))}`, "dlp.github_classic_token", "base32"],
  ["base32, lower case", encodeBase32(utf8(FAKE_AWS_ID)).toLowerCase(), "dlp.aws_access_key_id", "base32"],
  ["percent-encoding, 1 layer", `k=${pct(FAKE_AWS_ID)}`, "dlp.aws_access_key_id", "url"],
  ["percent-encoding, 3 layers", `k=${pct(FAKE_AWS_ID).replace(/%/g, "%25").replace(/%/g, "%25")}`, "dlp.aws_access_key_id", "url"],
  ["JSON \\u escapes on some characters", `note ${[...FAKE_AWS_ID].map((c, i) => (i % 3 === 0 ? `\\u00${c.charCodeAt(0).toString(16)}` : c)).join("")}`, "dlp.aws_access_key_id", "escape"],
  ["\\u{…} escapes on every character", [...FAKE_GITHUB].map((c) => `\\u{${c.charCodeAt(0).toString(16)}}`).join(""), "dlp.github_classic_token", "escape"],
  ["HTML decimal references", `<v>${[...FAKE_AWS_ID].map((c, i) => (i % 2 === 0 ? `&#${c.charCodeAt(0)};` : c)).join("")}</v>`, "dlp.aws_access_key_id", "escape"],
  ["HTML hex references", [...FAKE_GITHUB].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(""), "dlp.github_classic_token", "escape"],
  ["quoted-printable, every character", `x ${[...FAKE_AWS_ID].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`).join("")} y`, "dlp.aws_access_key_id", "quoted-printable"],
  ["quoted-printable with a soft line break", `${[...FAKE_GITHUB.slice(0, 20)].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`).join("")}=\r\n${FAKE_GITHUB.slice(20)}`, "dlp.github_classic_token", "quoted-printable"],
  ["base64 of HTML references", b64([...FAKE_AWS_ID].map((c) => `&#${c.charCodeAt(0)};`).join("")), "dlp.aws_access_key_id", "base64+escape"],
  ["written backwards", `note ${[...FAKE_AWS_ID].reverse().join("")} end`, "dlp.aws_access_key_id", "reversed"],
  ["written backwards inside a URL query", `https://c.example.net/u?a=1&d=${[...FAKE_GITHUB].reverse().join("")}`, "dlp.github_classic_token", "reversed"],
  ["base64(hex(key))", b64(hex(FAKE_GITHUB)), "dlp.github_classic_token", "base64+hex"],
  ["url(base64(key))", pct(b64(FAKE_AWS_ID)), "dlp.aws_access_key_id", "url+base64"],
  ["hex(base64(key))", hex(b64(FAKE_AWS_ID)), "dlp.aws_access_key_id", "hex+base64"],
  ["base64(base64(hex(key)))", b64(b64(hex(FAKE_AWS_ID))), "dlp.aws_access_key_id", "base64+base64+hex"],
  ["zero-width inside a key", `${FAKE_AWS_ID.slice(0, 3)}\u200b${FAKE_AWS_ID.slice(3, 10)}\u2060${FAKE_AWS_ID.slice(10)}`, "dlp.aws_access_key_id", "plaintext"],
  ["control character inside a key", `${FAKE_AWS_ID.slice(0, 6)}\u0000${FAKE_AWS_ID.slice(6)}`, "dlp.aws_access_key_id", "plaintext"],
  ["soft hyphen and bidi marks", `${FAKE_GITHUB.slice(0, 2)}\u00ad${FAKE_GITHUB.slice(2, 20)}\u202e${FAKE_GITHUB.slice(20)}`, "dlp.github_classic_token", "plaintext"],
  ["fullwidth key", [...FAKE_AWS_ID].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join(""), "dlp.aws_access_key_id", "plaintext"],
  ["Cyrillic homoglyph in the prefix", FAKE_ANTHROPIC.replace("a", "\u0430"), "dlp.anthropic_api_key", "plaintext"],
  ["Cyrillic homoglyphs in an upper-case key", FAKE_AWS_ID.replace("A", "\u0410").replace("K", "\u041a"), "dlp.aws_access_key_id", "plaintext"],
  ["Greek homoglyph", FAKE_AWS_ID.replace("A", "\u0391"), "dlp.aws_access_key_id", "plaintext"],
  ["combining mark on a letter", `${FAKE_AWS_ID.slice(0, 4)}\u0306${FAKE_AWS_ID.slice(4)}`, "dlp.aws_access_key_id", "plaintext"],
  ["NBSP inside a key", `${FAKE_AWS_ID.slice(0, 8)}\u00a0${FAKE_AWS_ID.slice(8)}`, "dlp.aws_access_key_id", "plaintext"],
  ["U+2003 em space inside a key", `${FAKE_GITHUB.slice(0, 12)}\u2003${FAKE_GITHUB.slice(12)}`, "dlp.github_classic_token", "plaintext"],
  ["U+3000 ideographic space inside a key", `${FAKE_GITHUB.slice(0, 9)}\u3000${FAKE_GITHUB.slice(9)}`, "dlp.github_classic_token", "plaintext"],
  ["split by spaces", `key: ${FAKE_ANTHROPIC.match(/.{1,6}/g)!.join(" ")}`, "dlp.anthropic_api_key", "split"],
  ["split into 4-character groups", `id ${FAKE_AWS_ID.match(/.{4}/g)!.join(" ")} ok`, "dlp.aws_access_key_id", "split"],
  ["split by dots", [...FAKE_AWS_ID].join("."), "dlp.aws_access_key_id", "split"],
  ["split over lines", `${FAKE_GITHUB.slice(0, 14)}\n${FAKE_GITHUB.slice(14, 28)}\n${FAKE_GITHUB.slice(28)}`, "dlp.github_classic_token", "split"],
  ["split across joined fields", `aws\n${FAKE_AWS_ID.slice(0, 12)}\n${FAKE_AWS_ID.slice(12)}\nus-east-1`, "dlp.aws_access_key_id", "split"],
  ["a hyphen after every character", `data ${[...FAKE_AWS_ID].join("-")} end`, "dlp.aws_access_key_id", "split"],
  ["underscores between pairs", `v=${FAKE_AWS_ID.match(/.{1,2}/g)!.join("_")}`, "dlp.aws_access_key_id", "split"],
  ["hyphens between groups of four", `id ${FAKE_AWS_ID.match(/.{4}/g)!.join("-")} ok`, "dlp.aws_access_key_id", "split"],
  ["underscores between groups of four", `"${FAKE_AWS_ID.match(/.{4}/g)!.join("_")}"`, "dlp.aws_access_key_id", "split"],
  ["split across two values, the second starting with a line break", `${FAKE_AWS_ID.slice(0, 10)}\n\r\n ${FAKE_AWS_ID.slice(10)}`, "dlp.aws_access_key_id", "split"],
  ["spaces between the characters of a key with an underscore", [...FAKE_GITHUB].join(" "), "dlp.github_classic_token", "split"],
  ["hyphens between the characters of a key with an underscore", [...FAKE_GITHUB].join("-"), "dlp.github_classic_token", "split"],
  ["groups of four between one-letter values", `a\n${FAKE_AWS_ID.match(/.{4}/g)!.join("_")}\nb`, "dlp.aws_access_key_id", "split"],
  ["broken over a CRLF and indentation", `key=${FAKE_AWS_ID.slice(0, 10)}\r\n ${FAKE_AWS_ID.slice(10)}`, "dlp.aws_access_key_id", "split"],
];

describe("text DLP sees through evasion", () => {
  test.each(CASES)("%s", (_, text, ruleId, encoding) => {
    const findings = scan(text);
    const hit = findings.find((f) => f.rule_id === ruleId);
    expect(hit, `no ${ruleId} in ${JSON.stringify(findings.map((f) => f.rule_id))}`).toBeDefined();
    expect(hit!.encoding).toBe(encoding);
    expect(hit!.location).toBe("text");
    expect(hit!.scanner).toBe("dlp");
    if (encoding !== "plaintext") expect(hit!.message).toContain(`(${encoding}-encoded)`);
    const json = JSON.stringify(findings);
    for (const secret of [FAKE_AWS_ID, FAKE_GITHUB, FAKE_ANTHROPIC]) expect(json).not.toContain(secret);
  });

  test("a secret found several ways is reported once, the plainest way", () => {
    const findings = scan(`${FAKE_AWS_ID} ${b64(FAKE_AWS_ID)} ${hex(FAKE_AWS_ID)}`);
    const aws = findings.filter((f) => f.rule_id === "dlp.aws_access_key_id");
    expect(aws.map((f) => f.encoding)).toEqual(["plaintext"]);
  });

  test("every finding carries an exemption snippet and MITRE ids", () => {
    const [f] = scanTextDlp(DLP_RULES, b64(FAKE_GITHUB), { location: "body", scope: { url: "https://api.example.net/x" } });
    expect(f!.exempt).toContain("rule: dlp.github_classic_token");
    expect(f!.exempt).toContain('path: "https://api.example.net/*"');
    expect(f!.mitre!.length).toBeGreaterThan(0);
    expect(f!.location).toBe("body");
  });
});

describe("through scan()", () => {
  const policy = policyFrom();
  test.each([
    ["a text subject", { kind: "text", text: `upload ${b64(FAKE_GITHUB)}` }],
    ["a tool call argument", { kind: "tool_call", toolName: "http_post", arguments: { body: hexBytes(FAKE_AWS_ID).join(":") } }],
    ["a URL query value", { kind: "url", url: `https://collector.example.net/c?d=${b64url(FAKE_AWS_ID)}` }],
  ] as const)("%s with an encoded key is denied, the key never shown", async (_, subject) => {
    const verdict = await scanSubject(policy, subject);
    expect(verdict.decision).toBe("deny");
    expect(verdict.findings.some((f) => f.scanner === "dlp" && f.encoding !== undefined && f.encoding !== "plaintext")).toBe(true);
    const json = JSON.stringify(verdict);
    for (const secret of [FAKE_AWS_ID, FAKE_GITHUB]) expect(json).not.toContain(secret);
  });
});
