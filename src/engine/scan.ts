/**
 * @module scan(): one Subject through the compiled policy to a Verdict. The only entry point doors
 * use. Fails closed: an exception, a deadline, a cancel or an input over its limit is a deny with a
 * reason, never an allow.
 */
import { findingFromMatch } from "./findings/from-match.ts";
import { redactFindingTexts } from "./findings/redact-findings.ts";
import { normalizeForRule } from "./normalize/for-rule.ts";
import type { CompiledPolicy } from "./policy/compile-policy.ts";
import { decide, type DecideScope } from "./policy/decide.ts";
import { matchGlob } from "./policy/glob.ts";
import { FAILURE_REASONS, ScanFailure, type FailureReason } from "./reasons.ts";
import { SCAN_DEADLINE_MS, type ScanOptions } from "./scan-options.ts";
import { isNumberShaped, NUMBER_TRIGGERS, scanTextDlp } from "./scanners/dlp/index.ts";
import type { CompiledRule } from "./match/compile-rule.ts";
import { scanPartsDlp } from "./scanners/dlp/scan-text-dlp.ts";
import { findingsMemoFor, scanToolTexts, TEXT_SEPARATOR, toolDescriptionTexts, type ToolText } from "./scanners/tool-description/index.ts";
import { argumentKeys, argumentStrings } from "./scanners/tool-policy/argument-strings.ts";
import { scanToolCall } from "./scanners/tool-policy/index.ts";
import { matchDomain, scanUrlOffline, withDnsCheck, type DlpPart, type OfflineUrlScan, type UrlScanDeps } from "./scanners/url/index.ts";
import { offlineUrlScan } from "./url-offline-memo.ts";
import { knownCleanText, rememberCleanText } from "./clean-text-memo.ts";
import type { Finding, Subject, Verdict } from "./types.ts";

/** Every DLP rule but the number-shaped ones (text subjects with `rules: "credentials"`). */
const notNumberShaped = (rule: CompiledRule): boolean => !isNumberShaped(rule);

/** Largest text the engine scans in one Subject; doors stream bigger bodies in chunks. */
export const MAX_SUBJECT_CHARS = 16 * 1024 * 1024;

/** Scan one subject. Never rejects: failures come back as deny verdicts. */
export async function scan(policy: CompiledPolicy, subject: Subject, options: ScanOptions = {}): Promise<Verdict> {
  const deadlineMs = options.deadlineMs ?? SCAN_DEADLINE_MS;
  try {
    if (options.signal?.aborted) throw new ScanFailure("canceled");
    const started = performance.now();
    // Only DNS can wait; everything else is synchronous CPU work that a timer could not interrupt
    // anyway, so the timer and abort plumbing exist only when a lookup may happen.
    const mayWait = subject.kind === "url" && options.resolver !== undefined;
    const { findings, scope } = mayWait ? await withDeadline(policy, subject, options, deadlineMs) : runScanners(policy, subject);
    if (performance.now() - started > deadlineMs) throw new ScanFailure("scan_timeout", `${deadlineMs} ms`);
    if (options.signal?.aborted) throw new ScanFailure("canceled");
    return decide(redactFindingTexts(findings, policy.dlp, policy.secrets), policy.settings, scope);
  } catch (err) {
    return failClosed(err);
  }
}

/** Run the scanners with an abortable deadline: a resolver that hangs becomes a deny, not a stall. */
async function withDeadline(policy: CompiledPolicy, subject: Subject, options: ScanOptions, deadlineMs: number): Promise<ScannerOutput> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ScanFailure("scan_timeout", `${deadlineMs} ms`));
      }, deadlineMs);
    });
    return await Promise.race([runUrlWithDns(policy, subject, { ...options, signal: controller.signal }), timeout]);
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/** Turn any failure into a deny verdict naming the reason. */
export function failClosed(err: unknown): Verdict {
  const reason: FailureReason = err instanceof ScanFailure ? err.reason : "internal_error";
  const detail = err instanceof ScanFailure ? err.message : `${FAILURE_REASONS.internal_error}: ${String((err as Error)?.message ?? err)}`;
  const finding: Finding = {
    scanner: "engine",
    rule_id: `engine.${reason}`,
    severity: "high",
    action: "block",
    message: `Denied because ${detail}`,
  };
  return { decision: "deny", action: "block", findings: [finding], warned: false, failure: reason };
}

interface ScannerOutput {
  findings: Finding[];
  scope: DecideScope;
}

/** The URL scanner with its DNS-backed SSRF check (the one scanner that waits). */
async function runUrlWithDns(policy: CompiledPolicy, subject: Subject, options: ScanOptions): Promise<ScannerOutput> {
  if (subject.kind !== "url") return runScanners(policy, subject);
  assertText(subject.url, "url");
  const url = subject.url;
  const findings = await withDnsCheck(offlineUrl(policy, url), policy.url, { resolver: options.resolver, signal: options.signal });
  return { findings, scope: { url } };
}

/** Every URL layer but DNS, remembered per policy for repeated URLs (url-offline-memo.ts). */
function offlineUrl(policy: CompiledPolicy, url: string): OfflineUrlScan {
  return offlineUrlScan(policy, url, () => scanUrlOffline(url, policy.url, urlDeps(policy, url)));
}

/** DLP and pack rules for the URL scanner. */
function urlDeps(policy: CompiledPolicy, url: string): UrlScanDeps {
  return {
    dlp: (parts) => urlDlp(policy, parts, url),
    rules: (text) => policy.urlRules.findMatches(normalizeForRule("url", text)).map((m) => findingFromMatch(m, { location: "url", scope: { url } })),
  };
}

/** Every scanner for the subject, synchronously (URLs without their DNS check). */
function runScanners(policy: CompiledPolicy, subject: Subject): ScannerOutput {
  switch (subject.kind) {
    case "url": {
      assertText(subject.url, "url");
      const url = subject.url;
      return { findings: offlineUrl(policy, url).findings, scope: { url } };
    }
    case "text": {
      assertText(subject.text, "text");
      const text = subject.text;
      const credentialsOnly = subject.rules === "credentials";
      const memoKind = credentialsOnly ? "text-credentials" : "text";
      if (knownCleanText(policy, memoKind, text)) return { findings: [], scope: hostScope(subject.host) };
      const findings = credentialsOnly
        ? scanTextDlp(policy.dlp, text, { location: "text", only: notNumberShaped, skipTriggers: NUMBER_TRIGGERS }, policy.secrets)
        : [...scanTextDlp(policy.dlp, text, { location: "text" }, policy.secrets), ...cryptoFindings(policy, text, "text", {})];
      if (findings.length === 0) rememberCleanText(policy, memoKind, text);
      return { findings, scope: hostScope(subject.host) };
    }
    case "content": {
      assertText(subject.content, "content");
      const content = subject.content;
      if (knownCleanText(policy, "content", content)) return { findings: [], scope: hostScope(subject.host) };
      const findings = policy.injectionScanner.scan(content, { location: "content" });
      if (findings.length === 0) rememberCleanText(policy, "content", content);
      return { findings: softenForExemptHost(policy, findings, subject.host), scope: hostScope(subject.host) };
    }
    case "tool_call": {
      assertText(subject.toolName, "tool name");
      const scope = { tool: subject.toolName };
      const values = argumentStrings(subject.arguments);
      const joined = values.join("\n");
      assertText(joined, "arguments");
      // DLP also reads object keys (a secret sent as a key leaks too), each on its own line.
      const keys = argumentKeys(subject.arguments);
      const dlpText = keys.length === 0 ? joined : `${joined}\n${keys.join("\n")}`;
      assertText(dlpText, "arguments");
      const findings = [
        ...scanToolCall(subject.toolName, subject.arguments, policy.toolPolicyIndex),
        ...scanTextDlp(policy.dlp, dlpText, { location: "arguments", scope }, policy.secrets),
        ...cryptoFindings(policy, joined, "arguments", scope),
        ...policy.injectionScanner.scan(joined, { location: "arguments", scope }),
      ];
      return { findings, scope };
    }
    case "tool_description": {
      const name = typeof (subject.tool as { name?: unknown })?.name === "string" ? (subject.tool as { name: string }).name : undefined;
      const scope = name ? { tool: name } : {};
      const texts = toolDescriptionTexts(subject.tool);
      const memo = findingsMemoFor(policy);
      const key = memo.keyOf(texts);
      const known = key === undefined ? undefined : memo.get(key);
      if (known !== undefined) return { findings: [...known], scope };
      const findings = toolDescriptionFindings(policy, texts, scope);
      return { findings: key === undefined ? findings : [...memo.set(key, findings)], scope };
    }
    default: {
      const unknownSubject: never = subject;
      throw new ScanFailure("invalid_input", `unknown subject kind ${String((unknownSubject as { kind?: unknown }).kind)}`);
    }
  }
}

/** Injection and DLP findings for a tool's texts (see scanners/tool-description). */
function toolDescriptionFindings(policy: CompiledPolicy, texts: readonly ToolText[], scope: { tool?: string }): Finding[] {
  for (const { location, text } of texts) assertText(text, location);
  // Each scanner sees the texts joined once (scan-joined.ts), bounded like any single input.
  const joinedChars = texts.reduce((n, t) => n + t.text.length + TEXT_SEPARATOR.length, 0);
  if (joinedChars > MAX_SUBJECT_CHARS) throw new ScanFailure("input_too_large", `tool texts are ${joinedChars} characters, limit ${MAX_SUBJECT_CHARS}`);
  const findings = [
    ...scanToolTexts(texts, (text, location, gate) => policy.toolDescriptionScanner.scan(text, { location, scope, quotedMentions: !gate })),
    ...scanToolTexts(texts, (text, location) => scanTextDlp(policy.dlp, text, { location, scope }, policy.secrets)),
  ];
  return findings;
}

/**
 * DLP over the parts of a URL in one pass (known secrets included), crypto per part, honouring
 * per-rule exempt domains.
 */
function urlDlp(policy: CompiledPolicy, parts: readonly DlpPart[], url: string): Finding[] {
  const scope = { url };
  const findings = scanPartsDlp(policy.dlp, parts, { scope, splitPass: false }, policy.secrets);
  for (const part of parts) findings.push(...cryptoFindings(policy, part.text, part.location, scope));
  const exempt = policy.settings.dlpExemptDomains;
  if (findings.length === 0 || Object.keys(exempt).length === 0) return findings;
  let host: string | undefined;
  try {
    host = new URL(url).hostname;
  } catch {
    return findings;
  }
  return findings.filter((f) => !(exempt[f.rule_id] ?? []).some((d) => matchDomain(host!, d)));
}

/**
 * Cheap gate in front of the crypto scanner: it can only find something in a text that has an
 * alphanumeric run of 25+ characters (keys, addresses, encoded blobs) or 12 words that could be
 * seed words: a letter run of 3+ ASCII letters (every Latin-script BIP-39 word, accents folded, has
 * at least 3), or any letter run with a character beyond ASCII (so every other script passes). One
 * linear pass, no regex: URL parts, identifiers and short tokens (`v2`, `q`, `id`) skip the scanner
 * (and its wordlists stay unbuilt).
 */
export function mayHoldCrypto(text: string): boolean {
  let words = 0;
  let alnumRun = 0;
  let letterRun = 0;
  let wide = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80;
    const alnum = letter || (c >= 48 && c <= 57);
    alnumRun = alnum ? alnumRun + 1 : 0;
    if (alnumRun >= 25) return true;
    if (letter) {
      letterRun++;
      if (c >= 0x80) wide = true;
      continue;
    }
    if (letterRun > 0 && (wide || letterRun >= MIN_SEED_WORD_LETTERS) && ++words >= 12) return true;
    letterRun = 0;
    wide = false;
  }
  return false;
}

/** Shortest seed word in the Latin-script BIP-39 lists (English and Spanish; accents folded). */
const MIN_SEED_WORD_LETTERS = 3;

/**
 * Crypto findings (seed phrases, keys, poisoned addresses). These rule ids live in code, not in a
 * pack, so `rules.disabled` and `rules.actions` are applied here.
 */
function cryptoFindings(policy: CompiledPolicy, text: string, location: string, scope: { url?: string; tool?: string }): Finding[] {
  if (!mayHoldCrypto(text)) return [];
  const { disabledRules, actionOverrides } = policy.settings;
  const out: Finding[] = [];
  for (const f of policy.crypto.scan(text, { location, scope })) {
    if (disabledRules.some((pattern) => matchGlob(pattern, f.rule_id))) continue;
    const action = actionOverrides[f.rule_id];
    out.push(action ? { ...f, action } : f);
  }
  return out;
}

/**
 * `response_scanning.exempt_domains`: content from these hosts is still scanned and its findings
 * recorded, but they only warn (a security-research site quoting attacks, say).
 */
function softenForExemptHost(policy: CompiledPolicy, findings: Finding[], host: string | undefined): Finding[] {
  const exempt = policy.settings.injection.exemptDomains;
  if (host === undefined || findings.length === 0 || !exempt.some((d) => matchDomain(host, d))) return findings;
  return findings.map((f) => (f.scanner === "prompt_injection" ? { ...f, action: "warn" } : f));
}

function hostScope(host: string | undefined): DecideScope {
  return host ? { host } : {};
}

/** Inputs must be well-formed text within the size bound. */
function assertText(text: unknown, what: string): asserts text is string {
  if (typeof text !== "string") throw new ScanFailure("invalid_input", `${what} is not a string`);
  if (text.length > MAX_SUBJECT_CHARS) throw new ScanFailure("input_too_large", `${what} is ${text.length} characters, limit ${MAX_SUBJECT_CHARS}`);
  if (!text.isWellFormed()) throw new ScanFailure("invalid_utf8", `${what} contains unpaired surrogates`);
}
