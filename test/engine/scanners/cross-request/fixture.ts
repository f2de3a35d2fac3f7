/**
 * @module Shared pieces for the cross-request tests: the built-in policy, settings with both
 * detectors on, a feeder that runs observations through the pure engine in order, fake secrets
 * built at run time, and a generator of ordinary agent traffic (API calls with JSON bodies, UUIDs,
 * commit hashes, lockfile integrity strings, file reads).
 */
import {
  bodyFragments,
  DEFAULT_CROSS_REQUEST_SETTINGS,
  EMPTY_CROSS_REQUEST_STATE,
  observeCrossRequest,
  toolCallFragments,
  urlFragments,
  type CrossRequestInput,
  type CrossRequestSettings,
  type CrossRequestState,
} from "../../../../src/engine/scanners/cross-request/index.ts";
import { policyFrom } from "../../../helpers/policy.ts";

export { FAKE_AWS_ID, FAKE_GITHUB, FAKE_ANTHROPIC, fakeChars, b64, hex } from "../dlp/fakes.ts";

export const policy = policyFrom();

/** Both detectors on, reference windows. */
export const BOTH_ON: CrossRequestSettings = {
  ...DEFAULT_CROSS_REQUEST_SETTINGS,
  entropyBudget: { ...DEFAULT_CROSS_REQUEST_SETTINGS.entropyBudget, enabled: true },
};

export interface FeedResult {
  readonly state: CrossRequestState;
  /** Rule ids found per observation. */
  readonly perStep: string[][];
}

/** Run `inputs` through the engine, one second apart from `start`. */
export function feed(inputs: readonly CrossRequestInput[], settings: CrossRequestSettings = DEFAULT_CROSS_REQUEST_SETTINGS, start = 1_000_000, state: CrossRequestState = EMPTY_CROSS_REQUEST_STATE, stepMs = 1000): FeedResult {
  const perStep: string[][] = [];
  let current = state;
  inputs.forEach((input, i) => {
    const r = observeCrossRequest(current, input, policy, settings, start + i * stepMs);
    current = r.state;
    perStep.push(r.findings.map((f) => f.rule_id));
  });
  return { state: current, perStep };
}

/** `secret` cut into `n` nearly equal pieces. */
export function split(secret: string, n: number): string[] {
  const size = Math.ceil(secret.length / n);
  return Array.from({ length: n }, (_, i) => secret.slice(i * size, (i + 1) * size)).filter((p) => p.length > 0);
}

/** Deterministic generator of ordinary values. */
export function generator(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
  const hexs = (n: number) => pick("0123456789abcdef", n);
  return {
    hex: hexs,
    uuid: () => `${hexs(8)}-${hexs(4)}-4${hexs(3)}-a${hexs(3)}-${hexs(12)}`,
    base64: (n: number) => pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n),
  };
}

/** `rounds` rounds of ordinary agent traffic: 4 observations per round. */
export function ordinaryTraffic(rounds: number, seed = 7): CrossRequestInput[] {
  const g = generator(seed);
  const session = g.uuid();
  const head = g.hex(40);
  const out: CrossRequestInput[] = [];
  for (let i = 0; i < rounds; i++) {
    out.push({ fragments: urlFragments(`https://api.github.com/repos/acme/widgets/issues?state=open&per_page=100&page=${i}&sort=updated`), host: "api.github.com" });
    out.push({
      host: "api.example.com",
      fragments: bodyFragments(
        JSON.stringify({
          session,
          request_id: g.uuid(),
          commit: i % 5 === 0 ? g.hex(40) : head,
          created_at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
          items: [{ name: "left-pad", version: `1.${i}.0`, integrity: i % 10 === 0 ? `sha512-${g.base64(86)}==` : "sha512-unchanged" }],
          note: "Fix the flaky parser test and update the docs.",
        }),
        "application/json",
      ),
    });
    out.push({ fragments: toolCallFragments("read_file", { path: `/home/dev/project/src/module${i}.ts`, encoding: "utf8" }) });
    out.push({ fragments: urlFragments(`https://registry.npmjs.org/@types%2fnode/-/node-20.${i}.0.tgz`), host: "registry.npmjs.org" });
  }
  return out;
}
