/**
 * @module Text DLP at full strength. One text (or several parts of one subject, such as the pieces
 * of a URL) is looked at four ways, each bounded and linear:
 * 1. DLP-normalized (invisible characters, exotic spaces, NFKC, look-alike letters, marks);
 * 2. decoded: every base64 / hex / base32 / percent layer hidden in it, up to three deep, all decoded
 *    texts joined and matched in one pass (findings carry the encoding chain);
 * 3. noise-stripped stretches that look like a key split by spaces or dots, matched by the rules that
 *    have a keyword anchor;
 * 4. canary tokens and environment secrets (when compiled in) in all of the above, and canaries with
 *    separator noise skipped.
 * Parts are normalized one by one, then joined by newlines so that each view costs one prefilter
 * pass and one known-secret pass whatever the number of parts; a match reports the location of the
 * part it starts in. Identical parts and encoded runs already decoded in an earlier part are looked
 * at once. A secret found more than one way is reported once per rule, the plainest way and the
 * earliest (most specific) part first; a generic rule's catch that is only an encoded placeholder
 * (`password: Y2hhbmdlbWU=`) is dropped.
 */
import type { ExemptScope } from "../../findings/exempt.ts";
import { findingFromMatch } from "../../findings/from-match.ts";
import type { CompiledRule } from "../../match/compile-rule.ts";
import type { FindOptions, RuleMatch, RuleSet } from "../../match/rule-set.ts";
import type { Finding, TriggerName } from "../../types.ts";
import { decodeLayers, newDecodeMemo } from "./decode/decode-layers.ts";
import { isEncodedPlaceholder } from "./encoded-placeholder.ts";
import { normalizeForDlp } from "./normalize-for-dlp.ts";
import { chainEncoding, findingFromSecretHit, secretRuleId } from "./secret-findings.ts";
import type { CompiledSecrets, SecretHit } from "./secrets/compile-secrets.ts";
import { reversedStretches } from "./reversed-runs.ts";
import { splitRegions } from "./split-regions.ts";

export interface TextDlpContext {
  readonly location: string;
  readonly scope?: ExemptScope;
  /**
   * Look for keys split by spaces or dots (default true). A caller that already hands over its own
   * noise-stripped joins (the URL scanner's DLP parts) can turn it off to save the work.
   */
  readonly splitPass?: boolean;
  /** Only these rules (default every rule); the split pass further keeps only anchored ones. */
  readonly only?: (rule: CompiledRule) => boolean;
  /** Built-in triggers not looked for (set with `only` when it leaves out every rule they wake). */
  readonly skipTriggers?: readonly TriggerName[];
}

/** One string of a subject and where it sits (`url.query.k`, `url.host`, …). */
export interface DlpTextPart {
  readonly text: string;
  readonly location: string;
}

/** Rules trusted on noise-stripped text: anchored by a keyword, not a catch-all. */
const anchoredRule = (rule: CompiledRule): boolean => rule.keywords.length > 0 && !rule.fallback;

/** DLP findings for one text; `secrets` adds canary tokens and environment values. */
export function scanTextDlp(set: RuleSet, text: string, ctx: TextDlpContext, secrets?: CompiledSecrets): Finding[] {
  return scanPartsDlp(set, [{ text, location: ctx.location }], ctx, secrets);
}

/**
 * DLP findings for the parts of one subject, most specific part first (its location is the one
 * reported when a secret shows in several parts).
 */
export function scanPartsDlp(set: RuleSet, parts: readonly DlpTextPart[], ctx: Omit<TextDlpContext, "location">, secrets?: CompiledSecrets): Finding[] {
  const watching = secrets !== undefined && secrets.canaryCount + secrets.envCount > 0 ? secrets : undefined;
  if (set.rules.length === 0 && !watching) return [];
  const texts: string[] = [];
  const locations: string[] = [];
  const distinct = parts.length > 1 ? new Set<string>() : undefined;
  for (const part of parts) {
    if (part.text.length === 0) continue;
    const normalized = normalizeForDlp(part.text);
    if (distinct) {
      if (distinct.has(normalized)) continue;
      distinct.add(normalized);
    }
    texts.push(normalized);
    locations.push(part.location);
  }
  if (texts.length === 0) return [];
  const out = new Collector(ctx.scope);

  const plain = new Joined(texts);
  const plainAt = (pos: number) => locations[plain.indexAt(pos)]!;
  const find: FindOptions = { ...(ctx.only ? { only: ctx.only } : {}), ...(ctx.skipTriggers ? { skipTriggers: ctx.skipTriggers } : {}) };
  // The reversed and split passes trust only keyword-anchored rules (the keyword is what they found);
  // their options are built when one of them has something to match (most texts give neither).
  let anchoredOptions: FindOptions | undefined;
  const anchoredFind = (): FindOptions => {
    const only = ctx.only;
    return (anchoredOptions ??= { ...find, only: only ? (rule: CompiledRule) => anchoredRule(rule) && only(rule) : anchoredRule });
  };
  for (const m of set.findMatches(plain.text, find)) out.match(m, "plaintext", plainAt(lastChar(m)));
  watching?.find(plain.text, (hit) => out.secret(hit, "", plainAt(hit.start)));

  // Keys written backwards, read back round.
  const reversed = reversedStretches(set, plain.text);
  if (reversed.length > 0) {
    const joined = new Joined(reversed.map((r) => r.text));
    for (const m of set.findMatches(joined.text, anchoredFind())) out.match(m, "reversed", plainAt(reversed[joined.indexAt(m.start)]!.start));
  }

  const decoded: string[] = [];
  const decodedFrom: number[] = [];
  const encodings: string[] = [];
  const memo = texts.length > 1 ? newDecodeMemo() : undefined;
  texts.forEach((text, i) => {
    for (const piece of decodeLayers(text, memo)) {
      decoded.push(piece.text);
      decodedFrom.push(i);
      encodings.push(piece.encoding);
    }
  });
  if (decoded.length > 0) {
    const joined = new Joined(decoded);
    const at = (pos: number) => joined.indexAt(pos);
    for (const m of set.findMatches(joined.text, find)) out.match(m, encodings[at(lastChar(m))]!, locations[decodedFrom[at(lastChar(m))]!]!);
    watching?.find(joined.text, (hit) => out.secret(hit, encodings[at(hit.start)]!, locations[decodedFrom[at(hit.start)]!]!));
  }

  if (ctx.splitPass !== false) {
    const regions: string[] = [];
    const regionFrom: number[] = [];
    texts.forEach((text, i) => {
      for (const region of splitRegions(text)) {
        regions.push(region);
        regionFrom.push(i);
      }
    });
    if (regions.length > 0) {
      const joined = new Joined(regions);
      const at = (pos: number) => locations[regionFrom[joined.indexAt(pos)]!]!;
      for (const m of set.findMatches(joined.text, anchoredFind())) out.match(m, "split", at(lastChar(m)));
      watching?.find(joined.text, (hit) => out.secret(hit, "split", at(hit.start)));
    }
  }

  if (watching && watching.canaryCount > 0) watching.findSplitCanaries(plain.text, (hit) => out.secret(hit, "", plainAt(hit.start), true));
  return out.findings;
}

/**
 * Where a match is attributed: its last character. A pattern's leading context (`(?:^|[^\w])`) may
 * take the newline that ends the part before; the match itself belongs to the part it ends in.
 */
const lastChar = (m: RuleMatch) => Math.max(m.start, m.end - 1);

/** Findings with duplicates dropped: one per rule and secret, one per canary/variable and encoding. */
class Collector {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly secretRules = new Set<string>();

  constructor(private readonly scope: ExemptScope | undefined) {}

  match(m: RuleMatch, encoding: string, location: string): void {
    if (isEncodedPlaceholder(m)) return;
    const key = `${m.rule.id}\u0000${m.secret}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(findingFromMatch(m, { location, encoding, scope: this.scope }));
  }

  /** `onlyIfNew`: report only when this canary/variable has not been found any other way. */
  secret(hit: SecretHit, outer: string, location: string, onlyIfNew = false): void {
    const ruleId = secretRuleId(hit);
    if (onlyIfNew && this.secretRules.has(ruleId)) return;
    const encoding = chainEncoding(outer, hit.encoding);
    const key = `${ruleId}\u0000${encoding}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.secretRules.add(ruleId);
    this.findings.push(findingFromSecretHit(hit, { location, encoding, scope: this.scope }));
  }
}

/** Texts joined by newlines, with a lookup from a position back to the text it falls in. */
class Joined {
  readonly text: string;
  private readonly starts: number[] = [];

  constructor(parts: readonly string[]) {
    let pos = 0;
    for (const p of parts) {
      this.starts.push(pos);
      pos += p.length + 1;
    }
    this.text = parts.length === 1 ? parts[0]! : parts.join("\n");
  }

  indexAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
