/**
 * False-positive suite: ordinary developer traffic must pass every scanner through scan() (the door
 * path), as text (DLP + crypto), content (injection), URLs, tool calls and tool descriptions: UUIDs,
 * hashes, lockfile integrity strings, minified JS, source maps, and documentation about security
 * that names secret formats and quotes attacks. All values are generated or written for this file.
 */
import { describe, expect, test } from "bun:test";
import { scan, type Subject } from "../../../src/engine/index.ts";
import { policyFrom } from "../../helpers/policy.ts";
import { fakeChars } from "./dlp/fakes.ts";

const policy = policyFrom();
const HEX = "0123456789abcdef";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const bytes = (seed: number, n: number) => new Uint8Array(n).map((_, i) => fakeChars(seed + i, 1, B64).charCodeAt(0) * 7 + i * 31);
const uuid = (seed: number) => {
  const h = fakeChars(seed, 32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};
const sha = (seed: number, n = 40) => fakeChars(seed, n, HEX);

const PACKAGE_LOCK = JSON.stringify(
  {
    name: "web-app",
    lockfileVersion: 3,
    packages: Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        `node_modules/dep-${i}`,
        { version: `2.${i}.1`, resolved: `https://registry.npmjs.org/dep-${i}/-/dep-${i}-2.${i}.1.tgz`, integrity: `sha512-${bytes(i * 13, 64).toBase64()}`, license: "MIT" },
      ]),
    ),
  },
  null,
  2,
);
const YARN_LOCK = Array.from({ length: 8 }, (_, i) => `"left-pad@^1.${i}.0":\n  version "1.${i}.3"\n  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.${i}.3.tgz#${sha(i + 300)}"\n  integrity sha1-${bytes(i + 7, 20).toBase64()}`).join("\n\n");
const GO_SUM = Array.from({ length: 8 }, (_, i) => `golang.org/x/mod${i} v0.${i}.0 h1:${bytes(i + 50, 32).toBase64()}`).join("\n");
const SOURCE_MAP = JSON.stringify({
  version: 3,
  file: "app.min.js",
  sources: ["webpack:///./src/index.ts", "webpack:///./src/api/client.ts"],
  names: ["apiKey", "token", "secret", "fetchWithAuth", "Authorization"],
  mappings: Array.from({ length: 60 }, (_, i) => `${fakeChars(i + 1, 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh")},${fakeChars(i + 99, 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh")}`).join(";"),
  sourcesContent: ["export const apiKey = process.env.API_KEY ?? \"\";\nexport async function fetchWithAuth(url: string, token = apiKey) {\n  return fetch(url, { headers: { Authorization: `Bearer ${token}` } });\n}\n"],
});
const MINIFIED = `!function(e,t){"object"==typeof exports?module.exports=t():e.Client=t()}(this,function(){"use strict";var e="${uuid(5)}",t={apiKey:null,token:void 0,secret:""};function n(n,r){var o=r||t.token;return fetch(n,{headers:{Authorization:"Bearer "+o,"X-Request-Id":e}})}var r=[${Array.from({ length: 8 }, (_, i) => `0x${fakeChars(i + 70, 8, HEX)}`).join(",")}];return{request:n,k:r,version:"3.2.1",hash:"${sha(6, 64)}"}});`;
const SECURITY_README = `# Handling credentials

Never commit keys. GitHub personal access tokens start with \`ghp_\` followed by 36 characters, AWS
access key ids start with \`AKIA\`, and Stripe secret keys start with \`sk_live_\`. Put them in the
environment instead:

\`\`\`sh
export AWS_SECRET_ACCESS_KEY=<your-secret-access-key>
export GITHUB_TOKEN=\${GITHUB_TOKEN}
\`\`\`

In config files use placeholders such as \`password: \${DB_PASSWORD}\` or \`api_key: YOUR_API_KEY_HERE\`.
A BIP-39 recovery phrase is 12 or 24 words; never paste it into a chat. Private keys begin with a
PEM header line; keep them out of issue trackers.`;
const INJECTION_ARTICLE = `## Prompt injection, explained

Prompt injection is an attack in which text that a model reads tries to act as instructions. A classic
example is the phrase "ignore all previous instructions", often paired with "you are now in developer
mode". Attackers also hide these phrases in HTML comments or encode them in base64. Defenses include
separating instructions from data, scanning fetched content, and asking the user before any tool call
that sends data out.`;
const CHANGELOG = `## 4.2.0
- Ignore previous build cache when the lockfile changes (#1812)
- Token refresh now retries twice before failing
- Remove deprecated \`secretKey\` option; use \`credentials\` instead
- The system prompt template is now configurable per project`;

const TEXTS: ReadonlyArray<readonly [string, string]> = [
  ["UUIDs in a JSON API response", JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: uuid(i + 1), owner: uuid(i + 40), createdAt: `2024-0${(i % 9) + 1}-1${i % 10}T10:00:00Z` })) })],
  ["git hashes", Array.from({ length: 15 }, (_, i) => `${sha(i + 200)} refs/heads/feature-${i}`).join("\n")],
  ["package-lock.json", PACKAGE_LOCK],
  ["yarn.lock", YARN_LOCK],
  ["go.sum", GO_SUM],
  ["SHA-256 checksums file", Array.from({ length: 10 }, (_, i) => `${sha(i + 400, 64)}  dist/app-${i}.tar.gz`).join("\n")],
  ["minified JavaScript", MINIFIED],
  ["a source map", SOURCE_MAP],
  ["a README about credentials", SECURITY_README],
  ["a changelog", CHANGELOG],
];

const CONTENTS: ReadonlyArray<readonly [string, string]> = [
  ["an article about prompt injection", INJECTION_ARTICLE],
  ["a README about credentials", SECURITY_README],
  ["a changelog", CHANGELOG],
  ["minified JavaScript", MINIFIED],
  ["a source map", SOURCE_MAP],
  ["CLI help text", "Usage: deploy [options]\n  --ignore-errors     continue when a step fails\n  --override-config   use local values over defaults\n  --token <t>         API token (default: $DEPLOY_TOKEN)\n  --execute           run the plan instead of printing it"],
];

const URLS: readonly string[] = [
  `https://cdn.example.com/assets/app.${sha(11, 10)}.js`,
  `https://api.example.com/v1/users/${uuid(12)}/sessions?page=2&per_page=50`,
  `https://github.com/acme/web/commit/${sha(13)}`,
  "https://registry.npmjs.org/@types%2fnode/-/node-20.11.5.tgz",
  `https://d${fakeChars(14, 13, "abcdefghijklmnopqrstuvwxyz0123456789")}.cloudfront.net/static/${sha(15, 20)}.css`,
  `https://storage.example.com/build-artifacts/${sha(16, 64)}/bundle.zip`,
  "https://docs.example.com/security/prompt-injection#ignore-previous-instructions",
];

const COMMANDS: readonly string[] = [
  "git log --oneline -20",
  "npm ci && npm test -- --coverage",
  "sha256sum dist/app.tar.gz",
  `git checkout ${sha(17)} -- src/index.ts`,
  "docker build -t web:3.2.1 --build-arg NODE_ENV=production .",
  "jq '.packages | keys' package-lock.json",
  "kubectl get pods -n staging -o wide",
  "grep -rn 'TODO' src/ | head -50",
];

const TOOLS: readonly unknown[] = [
  {
    name: "search_code",
    description: "Search the repository for a regular expression and return matching lines with file paths and line numbers. Use it before editing to find where a symbol is defined.",
    inputSchema: { type: "object", properties: { pattern: { type: "string", description: "RE2 regular expression" }, path: { type: "string", default: "src/" } }, required: ["pattern"] },
  },
  {
    name: "rotate_api_key",
    description: "Rotate the service's API key in the secrets manager and return the new key's id (never the key itself). Requires the admin role.",
    inputSchema: { type: "object", properties: { service: { type: "string", enum: ["billing", "search"] } } },
  },
];

describe("ordinary developer traffic passes every scanner", () => {
  const check = async (subject: Subject) => {
    const verdict = await scan(policy, subject);
    expect(verdict.findings.map((f) => `${f.rule_id}@${f.location}`)).toEqual([]);
    expect(verdict.decision).toBe("allow");
  };
  test.each(TEXTS)("text: %s", (_, text) => check({ kind: "text", text }));
  test.each(CONTENTS)("content: %s", (_, content) => check({ kind: "content", content }));
  test.each(URLS)("url: %s", (url) => check({ kind: "url", url }));
  test.each(COMMANDS)("tool call: %s", (command) => check({ kind: "tool_call", toolName: "bash", arguments: { command } }));
  test.each(TOOLS.map((t) => [(t as { name: string }).name, t] as const))("tool description: %s", (_, tool) => check({ kind: "tool_description", tool }));
});
