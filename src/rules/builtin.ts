/**
 * @module The built-in rule packs, embedded into the binary as text at build time so that it runs
 * air-gapped from any directory. Adding a pack to rules/ means adding it here (a test checks).
 */
import dlpCredentials from "../../rules/dlp-credentials.yaml" with { type: "text" };
import injection from "../../rules/injection.yaml" with { type: "text" };
import toolPoisoning from "../../rules/tool-poisoning.yaml" with { type: "text" };
import toolPolicy from "../../rules/tool-policy.yaml" with { type: "text" };

export interface EmbeddedPack {
  /** Path shown in messages, relative to the repository (`rules/x.yaml`). */
  readonly file: string;
  readonly text: string;
}

export const BUILTIN_PACKS: readonly EmbeddedPack[] = [
  { file: "rules/dlp-credentials.yaml", text: dlpCredentials },
  { file: "rules/injection.yaml", text: injection },
  { file: "rules/tool-policy.yaml", text: toolPolicy },
  { file: "rules/tool-poisoning.yaml", text: toolPoisoning },
];
