/**
 * @module A bounded memo of tool-description findings by tool definition. MCP clients list the
 * same tools over and over (every session, every `list_changed`), and a policy is immutable, so the
 * findings for a definition seen before are the findings computed then. Keyed by exactly what is
 * scanned (every text with its location, see toolDescriptionTexts), so no two definitions that
 * scan differently can share an entry; one memo per compiled policy, so a reload starts empty.
 * Entries are frozen: callers share them.
 */
import { perOwner } from "../../memo/index.ts";
import type { Finding } from "../../types.ts";
import type { ToolText } from "./index.ts";

/** Tool definitions remembered per policy (oldest forgotten first). */
export const MAX_MEMO_TOOLS = 4096;
/** Definitions with more text than this are scanned every time rather than kept. */
export const MAX_MEMO_KEY_CHARS = 64 * 1024;

export interface FindingsMemo {
  /** The key for a tool's texts, or undefined when they are too large to keep. */
  keyOf(texts: readonly ToolText[]): string | undefined;
  get(key: string): readonly Finding[] | undefined;
  set(key: string, findings: readonly Finding[]): readonly Finding[];
}

/** The memo belonging to `owner` (the compiled policy). */
export const findingsMemoFor: (owner: object) => FindingsMemo = perOwner(() => createFindingsMemo());

export function createFindingsMemo(maxEntries = MAX_MEMO_TOOLS): FindingsMemo {
  const entries = new Map<string, readonly Finding[]>();
  return {
    keyOf(texts) {
      let chars = 0;
      for (const t of texts) chars += t.location.length + t.text.length + 2;
      if (chars > MAX_MEMO_KEY_CHARS) return undefined;
      // JSON of [location, text, location, text, …]: unambiguous whatever the strings hold (a
      // property name, and so a location, may contain any character), and one flat string that
      // the Map hashes without first joining the pieces of a concatenation.
      const flat: string[] = [];
      for (const t of texts) flat.push(t.location, t.text);
      return JSON.stringify(flat);
    },
    get(key) {
      return entries.get(key);
    },
    set(key, findings) {
      const frozen = Object.freeze(findings.map((f) => Object.freeze({ ...f })));
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, frozen);
      return frozen;
    },
  };
}
