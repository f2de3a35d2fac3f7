/**
 * @module FingerprintMemo: the last fingerprint text and its SHA-256 per tool name, so a tool
 * listed again unchanged — later in the session, or in another session of the same process (every
 * session of an HTTP listener lists the same server) — costs a text comparison instead of a hash.
 * The text is compared in full, never the object or the name alone, so any change is hashed anew.
 * Bounded by names and by characters kept; past either bound it starts over.
 */
import { fingerprintText, hashFingerprintText } from "./tool-fingerprint.ts";

/** Characters of fingerprint text remembered (past it the memory starts over). */
export const MAX_MEMO_CHARS = 4 * 1024 * 1024;
/** Tool names remembered. */
export const MAX_MEMO_NAMES = 10_000;

export class FingerprintMemo {
  private readonly last = new Map<string, { readonly text: string; readonly fingerprint: string }>();
  private chars = 0;

  constructor(
    private readonly maxChars = MAX_MEMO_CHARS,
    private readonly maxNames = MAX_MEMO_NAMES,
  ) {}

  /** toolFingerprint(tool), without hashing when `name` came with the same text last time. */
  fingerprint(name: string, tool: unknown): string {
    const text = fingerprintText(tool);
    const last = this.last.get(name);
    if (last !== undefined && last.text === text) return last.fingerprint;
    const fingerprint = hashFingerprintText(text);
    if (last !== undefined) this.chars -= last.text.length;
    if (this.chars + text.length > this.maxChars || (last === undefined && this.last.size >= this.maxNames)) {
      this.last.clear();
      this.chars = 0;
    }
    if (text.length <= this.maxChars) {
      this.last.set(name, { text, fingerprint });
      this.chars += text.length;
    }
    return fingerprint;
  }
}

/** The process's memo, shared by every session's registry. */
export const sharedFingerprintMemo = new FingerprintMemo();
