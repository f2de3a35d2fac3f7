/**
 * @module Canary tokens and environment secrets compiled once into literal indexes: each value, and
 * each of its encoded forms, is a literal. Values made only of token characters (no space, quote,
 * bracket, comma or semicolon: nearly all of them) can only occur inside a long run of such
 * characters, so only those runs are read, not the whole text; the rare value with a space or a quote
 * gets a whole-text index of its own. Canaries are also looked for with separator noise skipped
 * (`AKIA-FAKE.CANARY` written with dots or dashes).
 */
import { compileAnchorIndex, type AnchorIndex } from "./anchor-index.ts";
import { findRuns, TOKEN_CLASS } from "../../../normalize/codecs/index.ts";
import { normalizeForDlp } from "../normalize-for-dlp.ts";
import { encodedForms, MIN_FORM_CHARS } from "./encoded-forms.ts";
import type { SecretValue } from "./secret-value.ts";

export type SecretKind = "canary" | "env";

export interface SecretHit {
  readonly kind: SecretKind;
  /** Canary name or environment variable name (never the value). */
  readonly name: string;
  /** `plaintext`, `base64`, `hex`, `base32` or `split`. */
  readonly encoding: string;
  /** Where the match starts in the scanned text, and its length. */
  readonly start: number;
  readonly length: number;
}

export interface CompiledSecrets {
  readonly canaryCount: number;
  readonly envCount: number;
  /** Report every value (or encoded form of one) that occurs in `text`. */
  find(text: string, onHit: (hit: SecretHit) => void): void;
  /** Report every canary that occurs in `text` with separator noise between its characters. */
  findSplitCanaries(text: string, onHit: (hit: SecretHit) => void): void;
  /**
   * `text` with every value or encoded form replaced by `…[N chars]`: for excerpts and messages of
   * other scanners' findings (a tool-policy excerpt quoting a command line that holds a secret).
   */
  mask(text: string): string;
}

export interface SecretMatchersInput {
  readonly canaries?: readonly SecretValue[];
  readonly envSecrets?: readonly SecretValue[];
}

/** Values shorter than this are ignored (config requires ≥ 8 for canaries, ≥ 16 by default for env). */
export const MIN_SECRET_CHARS = 8;
/** Characters ignored in both text and canary for the split search (reference §2.8). */
const SPLIT_NOISE = /[./\\?&= \t\r\n:;,\-_@%+#]+/g;
const SPLIT_NOISE_CHAR = new Uint8Array(128);
for (const c of "./\\?&= \t\r\n:;,-_@%+#") SPLIT_NOISE_CHAR[c.charCodeAt(0)] = 1;

interface Needle {
  readonly text: string;
  readonly exactCase: boolean;
  readonly kind: SecretKind;
  readonly name: string;
  readonly encoding: string;
}

interface NeedleSet {
  readonly index: AnchorIndex;
  readonly needles: readonly Needle[];
  readonly minLength: number;
}

function needleSet(needles: Needle[]): NeedleSet | undefined {
  if (needles.length === 0) return undefined;
  return {
    index: compileAnchorIndex(needles.map((n) => n.text)),
    needles,
    minLength: Math.min(...needles.map((n) => n.text.length)),
  };
}

const isTokenOnly = (text: string) => {
  for (let i = 0; i < text.length; i++) if (TOKEN_CLASS[text.charCodeAt(i)] !== 1) return false;
  return true;
};

/** Compile the matchers. Runs at policy load; values are kept only inside the returned object. */
export function compileSecretMatchers(input: SecretMatchersInput): CompiledSecrets {
  const all: Needle[] = [];
  const split: Needle[] = [];
  const addValue = (kind: SecretKind, { name, value }: SecretValue) => {
    const normalized = normalizeForDlp(value);
    if (normalized.length < MIN_SECRET_CHARS) return;
    all.push({ text: normalized, exactCase: kind === "env", kind, name, encoding: "plaintext" });
    for (const form of encodedForms(normalized)) all.push({ text: form.text, exactCase: form.exactCase, kind, name, encoding: form.encoding });
    if (kind === "canary") {
      const stripped = normalized.replace(SPLIT_NOISE, "");
      if (stripped.length >= MIN_FORM_CHARS) split.push({ text: stripped, exactCase: false, kind, name, encoding: "split" });
    }
  };
  const canaries = input.canaries ?? [];
  const envSecrets = input.envSecrets ?? [];
  for (const c of canaries) addValue("canary", c);
  for (const e of envSecrets) addValue("env", e);
  const tokenSet = needleSet(all.filter((n) => isTokenOnly(n.text)));
  const wideSet = needleSet(all.filter((n) => !isTokenOnly(n.text)));
  const splitSet = needleSet(split);

  const report = (set: NeedleSet, text: string, onHit: (hit: SecretHit) => void) => (index: number, start: number, end: number) => {
    const n = set.needles[index]!;
    if (n.exactCase && text.slice(start, end) !== n.text) return;
    onHit({ kind: n.kind, name: n.name, encoding: n.encoding, start, length: end - start });
  };

  return {
    canaryCount: canaries.length,
    envCount: envSecrets.length,
    find(text, onHit) {
      if (tokenSet) {
        const found = report(tokenSet, text, onHit);
        findRuns(text, TOKEN_CLASS, tokenSet.minLength, (start, end) => tokenSet.index.scan(text, found, start, end));
      }
      if (wideSet) wideSet.index.scan(text, report(wideSet, text, onHit));
    },
    findSplitCanaries(text, onHit) {
      if (splitSet) splitSet.index.scanSkipping(text, SPLIT_NOISE_CHAR, report(splitSet, text, onHit));
    },
    mask(text) {
      const spans: [number, number][] = [];
      const collect = (hit: SecretHit) => spans.push([hit.start, hit.start + hit.length]);
      if (tokenSet) tokenSet.index.scan(text, report(tokenSet, text, collect));
      if (wideSet) wideSet.index.scan(text, report(wideSet, text, collect));
      if (spans.length === 0) return text;
      spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
      let out = "";
      let done = 0;
      for (const [start, end] of spans) {
        if (end <= done) continue;
        const from = Math.max(start, done);
        out += `${text.slice(done, from)}…[${end - from} chars]`;
        done = end;
      }
      return out + text.slice(done);
    },
  };
}
