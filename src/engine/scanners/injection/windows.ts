/**
 * @module Windows of text rescanned by the later injection passes: `radius` units around each hit,
 * merged, and widened back to the start of the line when that is near, so a pattern anchored at
 * a line start sees the real line start rather than the window edge.
 */

const LF = 10;

/** Merged windows around `hits` (`[start, end)` ranges in any order) in a text of `text.length`. */
export function windowsAround(text: string, hits: readonly (readonly [number, number])[], radius: number): [number, number][] {
  const sorted = [...hits].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    let from = Math.max(0, s - radius);
    let lineStart = from;
    const limit = Math.max(0, from - radius);
    while (lineStart > limit && text.charCodeAt(lineStart - 1) !== LF) lineStart--;
    if (lineStart === 0 || text.charCodeAt(lineStart - 1) === LF) from = lineStart;
    const to = Math.min(text.length, e + radius);
    const last = out[out.length - 1];
    if (last && from <= last[1]) {
      last[0] = Math.min(last[0], from);
      last[1] = Math.max(last[1], to);
    } else {
      out.push([from, to]);
    }
  }
  return out;
}
