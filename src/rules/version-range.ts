/**
 * @module A pack's `requires:` — space-separated comparators (`>=0.1.0 <2.0.0`) on x.y.z versions.
 */

const COMPARATOR = /^(>=|<=|>|<|=)?(\d+)\.(\d+)\.(\d+)$/;

/** true when `version` satisfies `range`, false when not, or a message when the range is malformed. */
export function satisfiesRange(version: string, range: string): boolean | string {
  const have = parseVersion(version);
  if (!have) return `engine version "${version}" is not x.y.z`;
  const parts = range.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return `requires "${range}" is empty`;
  for (const part of parts) {
    const m = COMPARATOR.exec(part);
    if (!m) return `requires "${range}": "${part}" is not a comparator like >=1.2.0`;
    const cmp = compare(have, [Number(m[2]), Number(m[3]), Number(m[4])]);
    const op = m[1] ?? "=";
    const ok = op === ">=" ? cmp >= 0 : op === "<=" ? cmp <= 0 : op === ">" ? cmp > 0 : op === "<" ? cmp < 0 : cmp === 0;
    if (!ok) return false;
  }
  return true;
}

function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
