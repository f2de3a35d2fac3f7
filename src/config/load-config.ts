/**
 * @module Load the configuration: a YAML file, or the embedded default when no file is given.
 * Errors come back as located issues; nothing here throws on bad input.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import defaultConfigText from "./default-config.yaml" with { type: "text" };
import * as v from "valibot";
import { ConfigSchema, LATER_SECTIONS, type Config } from "./schema.ts";
import { locate, MAX_YAML_BYTES, parseYamlWith, type LoadIssue } from "./yaml-source.ts";

/** Name shown for the embedded default in messages. */
export const EMBEDDED_CONFIG_NAME = "<embedded default config>";

export interface LoadedConfig {
  readonly config: Config;
  /** The file it came from, or EMBEDDED_CONFIG_NAME. */
  readonly file: string;
  /** Directory relative paths in the config resolve against; undefined for the embedded default. */
  readonly baseDir: string | undefined;
  /** Non-fatal notes, e.g. sections accepted but not acted on by this build. */
  readonly warnings: readonly string[];
}

export type ConfigResult = { ok: true; loaded: LoadedConfig } | { ok: false; issues: LoadIssue[] };

/** The embedded default configuration text (what `pipelock config defaults` prints). */
export const DEFAULT_CONFIG_TEXT: string = defaultConfigText;

/** Load `path`, or the embedded default when `path` is undefined. */
export function loadConfig(path?: string): ConfigResult {
  if (path === undefined) return embeddedDefault();
  let text: string;
  try {
    if (statSync(path).size > MAX_YAML_BYTES) return fail(path, `config file is larger than ${MAX_YAML_BYTES} bytes`);
    const bytes = readFileSync(path);
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return fail(path, e.code === "ENOENT" ? "config file not found" : e.name === "TypeError" ? "config file is not valid UTF-8" : `cannot read config file: ${e.message}`);
  }
  return fromText(text, path, dirname(resolve(path)));
}

/**
 * The embedded default, parsed with Bun's native YAML parser: it is startup cost for every
 * `pipelock check`, and its located-error path is never needed (a unit test proves it loads
 * through `fromText` too and that both parsers agree).
 */
function embeddedDefault(): ConfigResult {
  const result = v.safeParse(ConfigSchema, Bun.YAML.parse(DEFAULT_CONFIG_TEXT) ?? {});
  if (!result.success) return fromText(DEFAULT_CONFIG_TEXT, EMBEDDED_CONFIG_NAME, undefined);
  return { ok: true, loaded: { config: result.output, file: EMBEDDED_CONFIG_NAME, baseDir: undefined, warnings: [] } };
}

/** Parse config text (used by `loadConfig` and tests). */
export function fromText(text: string, file: string, baseDir: string | undefined): ConfigResult {
  const parsed = parseYamlWith(ConfigSchema, text, file);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const config = parsed.value;
  const issues = semanticIssues(config, (keys, message) => ({ file, ...locate(parsed.doc, parsed.lines, keys), path: keys.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("").replace(/^\./, ""), message }));
  if (issues.length > 0) return { ok: false, issues };
  const warnings = LATER_SECTIONS.filter((k) => config[k] !== undefined).map(
    (k) => `${file}: section "${k}" is accepted but not enforced by this build of pipelock`,
  );
  return { ok: true, loaded: { config, file, baseDir, warnings } };
}

/** Cross-field rules the schema cannot express. */
function semanticIssues(config: Config, at: (keys: (string | number)[], message: string) => LoadIssue): LoadIssue[] {
  const issues: LoadIssue[] = [];
  if (config.mode === "strict" && config.api_allowlist.length === 0) {
    issues.push(at(["mode"], "mode: strict needs a non-empty api_allowlist (nothing would be reachable)"));
  }
  config.ssrf.ip_allowlist.forEach((cidr, i) => {
    if (/^(0\.0\.0\.0\/0|::\/0)$/.test(cidr.trim())) issues.push(at(["ssrf", "ip_allowlist", i], `"${cidr}" would turn SSRF protection off; list the specific ranges instead`));
  });
  return issues;
}

function fail(file: string, message: string): ConfigResult {
  return { ok: false, issues: [{ file, line: 1, col: 1, path: "", message }] };
}
