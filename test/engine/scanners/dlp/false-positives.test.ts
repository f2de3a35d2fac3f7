import { describe, expect, test } from "bun:test";
import { compileSecretMatchers, scanTextDlp } from "../../../../src/engine/scanners/dlp/index.ts";
import { b64, DLP_RULES, fakeChars } from "./fakes.ts";

const HEX = "0123456789abcdef";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const randomBytes = (seed: number, n: number) => new Uint8Array(n).map((_, i) => fakeChars(seed + i, 1, B64).charCodeAt(0) * 7 + i * 31);
const uuid = (seed: number) => {
  const h = fakeChars(seed, 32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
const vlq = (seed: number) =>
  Array.from({ length: 40 }, (_, i) => Array.from({ length: 1 + (i % 5) }, (_, j) => fakeChars(seed + i * 7 + j, 4 + ((i + j) % 3), B64.slice(0, 64).replace(/[+/]/g, "A"))).join(",")).join(";");

/** Ordinary developer traffic that must not raise a DLP finding. */
const BENIGN: ReadonlyArray<readonly [string, string]> = [
  ["UUIDs", Array.from({ length: 30 }, (_, i) => `"${uuid(i + 1)}"`).join(", ")],
  ["git log with SHAs", Array.from({ length: 20 }, (_, i) => `commit ${fakeChars(500 + i, 40, HEX)}\nAuthor: Dev <dev@example.com>\n\n    Fix flaky test #${1200 + i}\n`).join("\n")],
  ["abbreviated SHAs and ranges", `git diff ${fakeChars(7, 12, HEX)}..${fakeChars(8, 12, HEX)} -- src/ && git show ${fakeChars(9, 40, HEX).toUpperCase()}`],
  [
    "npm lockfile integrity",
    Array.from(
      { length: 15 },
      (_, i) => `    "node_modules/pkg-${i}": {\n      "version": "1.${i}.0",\n      "resolved": "https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz",\n      "integrity": "sha512-${randomBytes(i * 97, 64).toBase64()}"\n    },`,
    ).join("\n"),
  ],
  ["pnpm lockfile", Array.from({ length: 12 }, (_, i) => `  /left-pad@1.${i}.0:\n    resolution: {integrity: sha1-${randomBytes(i + 3, 20).toBase64()}}`).join("\n")],
  ["go.sum", Array.from({ length: 12 }, (_, i) => `github.com/acme/lib${i} v0.${i}.1 h1:${randomBytes(i + 40, 32).toBase64()}\ngithub.com/acme/lib${i} v0.${i}.1/go.mod h1:${randomBytes(i + 90, 32).toBase64()}`).join("\n")],
  ["Cargo.lock checksums", Array.from({ length: 10 }, (_, i) => `[[package]]\nname = "crate-${i}"\nversion = "0.${i}.3"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${fakeChars(700 + i, 64, HEX)}"`).join("\n")],
  ["source map mappings", JSON.stringify({ version: 3, sources: ["../src/index.ts", "../src/util.ts"], names: ["exports", "createElement", "useState"], mappings: vlq(11) })],
  [
    "minified JavaScript",
    `!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():"function"==typeof define&&define.amd?define(t):(e=e||self).AbortSignalTimeoutController=t()}(this,function(){"use strict";var n=Object.getOwnPropertyDescriptors,r=Symbol.for("react.forward_ref"),o="__reactInternalInstanceKey$${fakeChars(3, 11)}";function i(e){return e.__webpack_require__&&e.hasOwnPropertyDescriptorCache}var a=[0x7fffffff,0xdeadbeef,0x5f3759df];return{createHydrationContainerWithTransitionLanes:i,k:a,e:n,r:r,o:o}});`,
  ],
  ["base64 PNG data URI", `<img alt="logo" src="data:image/png;base64,${new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(5, 300)]).toBase64()}">`],
  ["base64 font in CSS", `@font-face{font-family:Inter;src:url(data:font/woff2;base64,${randomBytes(77, 400).toBase64()}) format("woff2")}`],
  [
    "Kubernetes secret with placeholders",
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\ntype: Opaque\ndata:\n  username: ${b64("admin")}\n  password: ${b64("changeme")}\n  api-key: ${b64("REPLACE_ME_WITH_REAL_KEY")}\n  token: ${b64("${TOKEN}")}\nstringData:\n  note: "set the real values with kubectl create secret"`,
  ],
  ["base64 of an ordinary config", `CONFIG_B64=${b64(JSON.stringify({ region: "eu-west-1", replicas: 3, features: ["search", "export"], logLevel: "info" }))}`],
  ["hex dump of text", "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 20 54 68  |Hello, world! Th|\n00000010  69 73 20 69 73 20 61 20  74 65 73 74 2e 0a        |is is a test..|"],
  ["prose with numbers and acronyms", "On 2024-01-02 at 12:30:45 UTC the HTTP/2 API v3 returned 503 for 12 of 340 JSON requests; see RFC 9110 section 15.6.4 and ticket OPS-4821."],
  ["CSS colours and numbers", ".btn{color:#1a2b3c;background:#ffffff;border:1px solid #00ff00;transition:all .25s cubic-bezier(.4,0,.2,1)}"],
  ["long words and paths", "internationalization counterrevolutionaries /usr/local/lib/node_modules/typescript/lib/lib.es2015.collection.d.ts"],
  ["JWT-looking but not base64 text", "header.payload.signature is the shape of a token; see docs/authentication-overview.md"],
  ["Russian and Greek prose", "Привет, мир! Это обычный текст без секретов. Καλημέρα κόσμε, αυτό είναι ένα κείμενο."],
  ["phone numbers and versions", "Call +1 415 555 0132 or +44 20 7946 0958; upgraded from v1.2.3 to v2.0.0-rc.1 (build 20240102.5)"],
];

describe("text DLP stays quiet on ordinary developer traffic", () => {
  const secrets = compileSecretMatchers({
    canaries: [{ name: "canary", value: `cnry-${fakeChars(61, 20)}` }],
    envSecrets: [{ name: "SERVICE_TOKEN", value: fakeChars(62, 32) }],
  });
  test.each(BENIGN)("%s", (_, text) => {
    const findings = scanTextDlp(DLP_RULES, text, { location: "text" }, secrets);
    expect(findings.map((f) => `${f.rule_id}/${f.encoding}`)).toEqual([]);
  });
});

describe("encoded values under generic rules are judged decoded", () => {
  test("a real random password in a Kubernetes secret is still reported", () => {
    const yaml = `kind: Secret\ndata:\n  password: ${b64(`${fakeChars(71, 14)}#9`)}\n`;
    expect(scanTextDlp(DLP_RULES, yaml, { location: "text" }).map((f) => f.rule_id)).toContain("dlp.password_in_config_line");
  });

  test.each(["changeme", "REPLACE_ME_WITH_REAL_KEY", "${DB_PASSWORD}", "<your-api-key>", "xxxxxxxxxxxx"])("encoded placeholder %s is not", (placeholder) => {
    const yaml = `kind: Secret\ndata:\n  password: ${b64(placeholder)}\n  api-key: ${b64(placeholder)}\n`;
    expect(scanTextDlp(DLP_RULES, yaml, { location: "text" })).toEqual([]);
  });
});
