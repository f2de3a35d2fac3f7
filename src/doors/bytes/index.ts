/** @module Byte helpers the doors share. */

/**
 * The parts joined into one array (a single part is returned as it is, not copied). `total`, when
 * the caller already counted it, must be the parts' combined length.
 */
export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = total ?? 0;
  if (total === undefined) for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
