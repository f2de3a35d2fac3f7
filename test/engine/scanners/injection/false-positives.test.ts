import { describe, expect, test } from "bun:test";
import { scanText } from "./builtin-scanner.ts";

const b64 = (s: string): string => btoa(s);
/** A fake PNG header plus pseudo-random bytes, base64-encoded like an inline image. */
const fakePng = (): string => {
  const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  let x = 12345;
  for (let i = 0; i < 3000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes.push(x >>> 24);
  }
  return btoa(String.fromCharCode(...bytes));
};

/** Ordinary developer traffic, written for this suite. None of it may be flagged. */
const BENIGN: ReadonlyArray<readonly [string, string]> = [
  [
    "README with install steps",
    `# fastqueue\n\nA tiny job queue for Node.js.\n\n## Install\n\n    npm install fastqueue\n\n## Usage\n\n\`\`\`js\nconst q = require("fastqueue")({ concurrency: 4 });\nq.push(job, (err) => { if (err) console.error(err); });\n\`\`\`\n\nSet \`ignoreErrors: true\` to skip failed jobs. Previous versions used callbacks only.\n`,
  ],
  [
    "changelog",
    "## 3.2.0 (2024-05-01)\n\n### Bug fixes\n\n* ignore previous build output when `--clean` is set (#412)\n* override default timeout from the environment\n* drop support for Node 14\n\n### Features\n\n* new `system` option to pick the task runner\n* instructions for Windows users in CONTRIBUTING.md\n",
  ],
  [
    "security documentation without attack strings",
    "## Security model\n\nThe agent never sees credentials. Tokens are stored in the OS keychain and injected by the proxy. Report vulnerabilities privately to the maintainers; do not open public issues. We rotate signing keys every 90 days and publish the fingerprints in SECURITY.md.",
  ],
  [
    "YAML and JSON with system keys",
    'system:\n  name: worker\n  mode: production\nuser:\n  role: admin\n---\n{"system": "linux", "instructions": "see docs", "prompt": "> ", "role": "assistant"}',
  ],
  [
    "chat API payload with roles",
    '{"model":"gpt-x","messages":[{"role":"system","content":"You are a helpful assistant that answers questions about the weather."},{"role":"user","content":"Will it rain in Oslo tomorrow?"}]}',
  ],
  ["inline base64 image", `<img alt="logo" src="data:image/png;base64,${fakePng()}">`],
  [
    "lockfile integrity strings",
    'left-pad@1.3.0:\n  resolved "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz"\n  integrity sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQuQkk7Q9Nmm8XDmBSUr1XIyWTcNX5MvwlaKFuJwmeB3MHxg==\n',
  ],
  [
    "hashes, UUIDs and version ids",
    "commit 3f9a1c0e5b7d2a4f6e8c0b1d3a5f7e9c1b3d5f7a\nuuid 123e4567-e89b-12d3-a456-426614174000\nsha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\nbuild x86_64-linux-gnu utf8 h264 v1.4.5 md5 s3 ec2 k8s i18n l10n",
  ],
  [
    "minified JavaScript",
    'var a=function(e){return e&&e.__esModule?e:{default:e}};Object.defineProperty(exports,"__esModule",{value:!0});var t=a(require("./ignore")),n=function(e,r){if(!(e instanceof r))throw new TypeError("Cannot call a class as a function")};exports.default=function(e){return t.default.previous(e)};',
  ],
  [
    "source map",
    '{"version":3,"sources":["../src/index.ts"],"names":["ignore","previous","instructions"],"mappings":"AAAA,SAASA,OAAO,CAACC,QAAQ,EAAEC,YAAY;AACvC,OAAO,IAAI"}',
  ],
  ["base64 of ordinary text", `note: ${b64("The quarterly report is attached; please review the totals before Friday.")}`],
  ["hex dump", "00000000  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  |.ELF............|\n00000010  03 00 3e 00 01 00 00 00  50 10 00 00 00 00 00 00  |..>.....P.......|"],
  ["abbreviations and spelled letters", "See e.g. the U.S.A. guide, i.e. section a b c d of the F.A.Q. and the T-S-V export."],
  ["CSS", ".btn-primary{color:#fff;background-color:#0d6efd;border-color:#0d6efd}.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important}"],
  ["shell instructions in a tutorial", "To reset your local changes, run `git reset --hard`. Then follow the new instructions in docs/setup.md to configure the system."],
  ["email thread", "Hi Sam,\n\nPlease ignore my previous email, the meeting moved to 3pm. The new agenda is attached.\n\nThanks,\nRiley"],
  ["Russian and Chinese prose", "Инструкция по установке: скачайте архив и запустите скрипт. 安装说明：下载压缩包并运行脚本。"],
  ["numbers and leet-looking tokens", "Order 4471 shipped on 2024-03-05 to 221B Baker St; tracking 1Z999AA10123456784; codes A1B2C3 and 7e3f."],
];

describe("false positives: ordinary developer traffic is not flagged", () => {
  test.each(BENIGN)("%s", (_name, content) => {
    expect(scanText(content)).toEqual([]);
  });
});
