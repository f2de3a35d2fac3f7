/**
 * @module An Aho-Corasick automaton over case-folded UTF-16 code units: one table lookup per
 * character finds every occurrence of every keyword, overlapping ones included, in one pass.
 * This is the prefilter in front of RE2 (DESIGN.md §5). ASCII transitions are a dense table (the
 * full DFA, failure links folded in); other characters fall back to per-state maps.
 *
 * Measured on this machine (bench/bench.ts): a JS alternation regex of ~330 DLP keywords ran at
 * 85 MB/s and a trie-shaped one at 200 MB/s over clean prose; this loop is the fast path.
 */

const ASCII = 128;

export interface KeywordAutomaton {
  /** The keywords, lower-cased, in the order given. */
  readonly keywords: readonly string[];
  /** Calls `onHit(start, end, keywordIndex)` for every occurrence, in order of `end`. */
  scan(text: string, onHit: (start: number, end: number, keyword: number) => void): void;
}

/** Build the automaton. Runs at policy load. */
export function compileKeywordAutomaton(words: readonly string[]): KeywordAutomaton {
  const keywords = words.map((w) => w.toLowerCase());
  // Trie with per-state maps first.
  const gotoMaps: Map<number, number>[] = [new Map()];
  const own: number[][] = [[]];
  keywords.forEach((kw, index) => {
    let s = 0;
    for (let i = 0; i < kw.length; i++) {
      const c = kw.charCodeAt(i);
      let next = gotoMaps[s]!.get(c);
      if (next === undefined) {
        next = gotoMaps.length;
        gotoMaps.push(new Map());
        own.push([]);
        gotoMaps[s]!.set(c, next);
      }
      s = next;
    }
    if (kw.length > 0) own[s]!.push(index);
  });
  const states = gotoMaps.length;
  const fail = new Int32Array(states);
  const delta = new Int32Array(states * ASCII);
  const outputs: (readonly number[] | undefined)[] = new Array(states);
  // Breadth-first: failure links, merged outputs, and the dense ASCII table.
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    const merged = s === 0 ? own[0]! : [...own[s]!, ...(outputs[fail[s]!] ?? [])];
    outputs[s] = merged.length > 0 ? merged : undefined;
    for (let c = 0; c < ASCII; c++) {
      const next = gotoMaps[s]!.get(c);
      if (next !== undefined) delta[s * ASCII + c] = next;
      else delta[s * ASCII + c] = s === 0 ? 0 : delta[fail[s]! * ASCII + c]!;
    }
    for (const [c, next] of gotoMaps[s]!) {
      fail[next] = s === 0 ? 0 : step(fail[s]!, c);
      queue.push(next);
    }
  }

  function step(state: number, c: number): number {
    if (c < ASCII) return delta[state * ASCII + c]!;
    let s = state;
    for (;;) {
      const next = gotoMaps[s]!.get(c);
      if (next !== undefined) return next;
      if (s === 0) return 0;
      s = fail[s]!;
    }
  }

  const lengths = keywords.map((k) => k.length);
  const lowerCache = new Map<number, number>();
  const lowerNonAscii = (c: number): number => {
    let l = lowerCache.get(c);
    if (l === undefined) {
      l = String.fromCharCode(c).toLowerCase().charCodeAt(0);
      if (lowerCache.size < 4096) lowerCache.set(c, l);
    }
    return l;
  };

  return {
    keywords,
    scan(text, onHit) {
      let s = 0;
      for (let i = 0; i < text.length; i++) {
        let c = text.charCodeAt(i);
        if (c < ASCII) {
          if (c >= 65 && c <= 90) c += 32;
          s = delta[s * ASCII + c]!;
        } else {
          s = step(s, lowerNonAscii(c));
        }
        const out = outputs[s];
        if (out !== undefined) for (const k of out) onHit(i + 1 - lengths[k]!, i + 1, k);
      }
    },
  };
}
