/**
 * @module Text DLP at full strength. One text is looked at four ways, each bounded and linear:
 * 1. DLP-normalized (invisible characters, exotic spaces, NFKC, look-alike letters, marks);
 * 2. decoded: every base64 / hex / base32 / percent layer hidden in it, up to three deep, all decoded
 *    texts joined and matched in one pass (findings carry the encoding chain);
 * 3. noise-stripped stretches that look like a key split by spaces or dots, matched by the rules that
 *    have a keyword anchor;
 * 4. canary tokens and environment secrets (when compiled in) in all of the above, and canaries with
 *    separator noise skipped.
 * A secret found more than one way is reported once per rule, the plainest way first; a generic
 * rule's catch that is only an encoded placeholder (`password: Y2hhbmdlbWU=`) is dropped.
 */
import type { ExemptScope } from "../../findings/exempt.ts";
import { findingFromMatch } from "../../findings/from-match.ts";
import type { CompiledRule } from "../../match/compile-rule.ts";
import type { RuleMatch, RuleSet } from "../../match/rule-set.ts";
import type { Finding } from "../../types.ts";
import { decodeLayers } from "./decode/decode-layers.ts";
import { isEncodedPlaceholder } from "./encoded-placeholder.ts";
import { normalizeForDlp } from "./normalize-for-dlp.ts";
import { chainEncoding, findingFromSecretHit, secretRuleId } from "./secret-findings.ts";
import type { CompiledSecrets, SecretHit } from "./secrets/compile-secrets.ts";
import { splitRegions } from "./split-regions.ts";

export interface TextDlpContext {
  readonly location: string;
  readonly scope?: ExemptScope;
  /**
   * Look for keys split by spaces or dots (default true). A caller that already hands over its own
   * noise-stripped joins (the URL scanner's DLP parts) can turn it off to save the work.
   */
  readonly splitPass?: boolean;
}

/** Rules trusted on noise-stripped text: anchored by a keyword, not a catch-all. */
const anchored = (rule: CompiledRule) => rule.keywords.length > 0 && !rule.fallback;

/** DLP findings for one text; `secrets` adds canary tokens and environment values. */
export function scanTextDlp(set: RuleSet, text: string, ctx: TextDlpContext, secrets?: CompiledSecrets): Finding[] {
  const watching = secrets !== undefined && secrets.canaryCount + secrets.envCount > 0 ? secrets : undefined;
  if (text.length === 0 || (set.rules.length === 0 && !watching)) return [];
  const out = new Collector(ctx);
  const normalized = normalizeForDlp(text);

  for (const m of set.findMatches(normalized)) out.match(m, "plaintext");
  watching?.find(normalized, (hit) => out.secret(hit, ""));

  const pieces = decodeLayers(normalized);
  if (pieces.length > 0) {
    const joined = new Joined(pieces.map((p) => p.text));
    const encodingAt = (pos: number) => pieces[joined.indexAt(pos)]!.encoding;
    for (const m of set.findMatches(joined.text)) out.match(m, encodingAt(m.start));
    watching?.find(joined.text, (hit) => out.secret(hit, encodingAt(hit.start)));
  }

  const regions = ctx.splitPass === false ? [] : splitRegions(normalized);
  if (regions.length > 0) {
    const joined = regions.join("\n");
    for (const m of set.findMatches(joined, { only: anchored })) out.match(m, "split");
    watching?.find(joined, (hit) => out.secret(hit, "split"));
  }

  if (watching && watching.canaryCount > 0) watching.findSplitCanaries(normalized, (hit) => out.secret(hit, "", true));
  return out.findings;
}

/** Findings with duplicates dropped: one per rule and secret, one per canary/variable and encoding. */
class Collector {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private readonly secretRules = new Set<string>();

  constructor(private readonly ctx: TextDlpContext) {}

  match(m: RuleMatch, encoding: string): void {
    if (isEncodedPlaceholder(m)) return;
    const key = `${m.rule.id}\u0000${m.secret}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push(findingFromMatch(m, { location: this.ctx.location, encoding, scope: this.ctx.scope }));
  }

  /** `onlyIfNew`: report only when this canary/variable has not been found any other way. */
  secret(hit: SecretHit, outer: string, onlyIfNew = false): void {
    const ruleId = secretRuleId(hit);
    if (onlyIfNew && this.secretRules.has(ruleId)) return;
    const encoding = chainEncoding(outer, hit.encoding);
    const key = `${ruleId}\u0000${encoding}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.secretRules.add(ruleId);
    this.findings.push(findingFromSecretHit(hit, { location: this.ctx.location, encoding, scope: this.ctx.scope }));
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
    this.text = parts.join("\n");
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
