/**
 * @module Words taken apart to slip past keyword matching (injection pass 4): spelled letter by
 * letter (`i g n o r e`, `i.g.n.o.r.e`, `i-g-n-o-r-e`) or cut inside by a hyphen, underscore or
 * star (`i-nstruction`, `fu_lfilled`). Spelled-out runs of four or more letters with one repeated
 * separator are always joined; a cut word is joined only when the caller accepts it (a rule word
 * crosses the cut), so ordinary compounds like `well-known` stay as they are.
 */
import { replaceMapped, type MappedText } from "./mapped-text.ts";

/**
 * Single letters joined by one repeated separator, or letter runs cut by `-`, `_` or `*`.
 * Linear: each repetition consumes fixed units and a run ends at the first mismatch.
 */
const TAKEN_APART = /(?<![A-Za-z0-9])[A-Za-z]([ .\-_*/])[A-Za-z](?:\1[A-Za-z]){2,}(?![A-Za-z0-9])|[A-Za-z]+(?:[-_*][A-Za-z]+)+/g;
const HAS_SPELLED_RUN = /(?<![A-Za-z0-9])[A-Za-z][ .\-_*/][A-Za-z][ .\-_*/][A-Za-z][ .\-_*/][A-Za-z](?![A-Za-z0-9])/;
const SEPARATORS = /[ .\-_*/]/g;
const CUTS = /[-_*]/g;

/** True when the text may hold a word taken apart (quick test; may say yes when there is none). */
export function mayHoldTakenApartWords(text: string): boolean {
  return text.includes("-") || text.includes("_") || text.includes("*") || HAS_SPELLED_RUN.test(text);
}

/** The text with taken-apart words joined, and where the joined words are in it. */
export interface JoinedWords {
  readonly text: MappedText;
  readonly joined: ReadonlyArray<readonly [number, number]>;
}

/**
 * Join spelled-out runs, and cut words that `acceptCut(joined, cuts)` accepts (`cuts` are the
 * offsets in `joined` where a separator was removed). The map, when present, follows the joins.
 */
export function joinTakenApartWords(m: MappedText, acceptCut: (joined: string, cuts: readonly number[]) => boolean): JoinedWords {
  const joined: [number, number][] = [];
  let shift = 0;
  const out = replaceMapped(m, TAKEN_APART, (token, at) => {
    let replacement = token;
    if (/^[A-Za-z][ .\-_*/][A-Za-z]/.test(token) && token.length % 2 === 1 && isSpelled(token)) {
      replacement = token.replace(SEPARATORS, "");
    } else {
      const cuts: number[] = [];
      let removed = 0;
      const bare = token.replace(CUTS, (_c, offset: number) => {
        cuts.push(offset - removed);
        removed++;
        return "";
      });
      if (acceptCut(bare, cuts)) replacement = bare;
    }
    if (replacement !== token) joined.push([at - shift, at - shift + replacement.length]);
    shift += token.length - replacement.length;
    return replacement;
  });
  return { text: out, joined };
}

/** Letters at even offsets, one repeated separator at odd offsets. */
function isSpelled(token: string): boolean {
  const sep = token[1];
  for (let i = 1; i < token.length; i += 2) if (token[i] !== sep) return false;
  return true;
}
