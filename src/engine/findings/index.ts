/** @module Building findings: redaction, exemption snippets, match → Finding. */
export { redactSecret, truncateExcerpt, MAX_EXCERPT_CHARS } from "./redact.ts";
export { suppressSnippet, type ExemptScope } from "./exempt.ts";
export { findingFromMatch, type MatchContext } from "./from-match.ts";
export { redactFindingTexts } from "./redact-findings.ts";
