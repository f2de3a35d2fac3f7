/**
 * @module The plain-data types that flow through the engine: Subject in, Finding out, Verdict last.
 * Everything here is readonly and serialisable so doors, evidence and the Scan API can share it.
 */

/** Severity of a finding, most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a rule asks the door to do when it matches. */
export const ACTIONS = ["block", "warn", "ask", "strip", "redirect"] as const;
export type RuleAction = (typeof ACTIONS)[number];

/** Rule kinds a pack may declare (DESIGN.md §3). */
export const RULE_KINDS = ["dlp", "injection", "url", "tool_policy", "tool_description", "chain"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** How sure a rule's author is that a match is real; `rules.min_confidence` filters on it. */
export const CONFIDENCES = ["low", "medium", "high"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** Checksum validators a rule may ask for (implemented in scanners/validators). */
export const VALIDATORS = ["luhn", "iban", "aba", "ssn", "wif", "jwt", "discord_snowflake", "not_placeholder", "assignment_shape"] as const;
export type ValidatorName = (typeof VALIDATORS)[number];

/** Cheap built-in candidate finders for rules that have no literal keyword. */
export const TRIGGERS = ["digit_run", "url_userinfo", "encoded_host", "dotted_token"] as const;
export type TriggerName = (typeof TRIGGERS)[number];

/** The scanner that produced a finding; part of the Scan API wire contract. */
export type ScannerName =
  | "url"
  | "dlp"
  | "prompt_injection"
  | "tool_policy"
  | "tool_description"
  | "engine";

/** What a door hands the engine. Discriminated on `kind`. */
export type Subject =
  | { readonly kind: "url"; readonly url: string }
  | {
      readonly kind: "text";
      readonly text: string;
      readonly host?: string;
      /**
       * `credentials`: DLP without the number-shaped rules (card numbers, IBANs, SSNs: anchored only
       * by a run of digits) and without the crypto pass, for machine text full of long numbers
       * (trace ids, sizes, timestamps) such as request headers outside the sensitive list. Keys,
       * tokens, passwords and known secrets are still found. Default `all`.
       */
      readonly rules?: "all" | "credentials";
    }
  | { readonly kind: "content"; readonly content: string; readonly host?: string }
  | { readonly kind: "tool_call"; readonly toolName: string; readonly arguments: unknown }
  | { readonly kind: "tool_description"; readonly tool: unknown };

export type SubjectKind = Subject["kind"];

/** One reason to act, explained well enough that a user can fix or exempt it. */
export interface Finding {
  readonly scanner: ScannerName;
  /** Stable rule id, e.g. `dlp.aws_access_key_id` or `url.ssrf_private_ip`. */
  readonly rule_id: string;
  readonly severity: Severity;
  readonly action: RuleAction;
  /** Human sentence naming the rule; never contains the matched secret. */
  readonly message: string;
  /** Where in the subject it matched: `url.query.k`, `url.host`, `text`, `arguments.cmd`, … */
  readonly location?: string;
  /** Redacted excerpt around the match, never the raw secret. */
  readonly excerpt?: string;
  /** How the matched bytes were encoded when found (plaintext, base64, hex, url, …). */
  readonly encoding?: string;
  readonly mitre?: readonly string[];
  readonly owasp?: readonly string[];
  /** The YAML snippet that would exempt this finding, ready to paste into the config. */
  readonly exempt?: string;
}

export type Decision = "allow" | "deny";

/** The engine's answer for one Subject. */
export interface Verdict {
  readonly decision: Decision;
  /** Strictest action among enforcing findings (`allow` when none). */
  readonly action: RuleAction | "allow";
  /** Every finding, enforcing or not. */
  readonly findings: readonly Finding[];
  /** True when findings exist but policy let the subject through (warn, audit, enforce: false). */
  readonly warned: boolean;
  /** Set when the engine itself failed and closed: the reason code from `reasons.ts`. */
  readonly failure?: string;
}

/** Resolves a host name to addresses; the engine's only I/O, injected. */
export interface Resolver {
  resolve(host: string, signal?: AbortSignal): Promise<readonly string[]>;
}
