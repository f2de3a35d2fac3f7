/**
 * @module The built-in rule packs, embedded into the binary as text at build time so that it runs
 * air-gapped from any directory. Adding a pack to rules/ means adding it here (a test checks).
 */
import chainsText from "../../rules/chains.yaml" with { type: "text" };
import dlpCredentialsText from "../../rules/dlp-credentials.yaml" with { type: "text" };
import injectionText from "../../rules/injection.yaml" with { type: "text" };
import toolPoisoningText from "../../rules/tool-poisoning.yaml" with { type: "text" };
import toolPolicyText from "../../rules/tool-policy.yaml" with { type: "text" };
import urlExfilText from "../../rules/url-exfil.yaml" with { type: "text" };

export interface EmbeddedPack {
  /** Path shown in messages, relative to the repository (`rules/x.yaml`). */
  readonly file: string;
  readonly text: string;
}

export const BUILTIN_PACKS: readonly EmbeddedPack[] = [
  { file: "rules/dlp-credentials.yaml", text: dlpCredentialsText },
  { file: "rules/injection.yaml", text: injectionText },
  { file: "rules/tool-policy.yaml", text: toolPolicyText },
  { file: "rules/tool-poisoning.yaml", text: toolPoisoningText },
  { file: "rules/chains.yaml", text: chainsText },
  { file: "rules/url-exfil.yaml", text: urlExfilText },
];
