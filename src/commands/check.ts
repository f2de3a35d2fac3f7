/**
 * @module `pipelock check`: one scan from the command line. Every input form becomes a Scan API
 * request object and goes through the same door code in-process, so `check --json` prints exactly
 * what `POST /api/v1/scan` would answer. Exit 0 allow, 1 deny (or invalid input), 2 usage/config.
 */
import { scan, MAX_SUBJECT_CHARS, type Resolver } from "../engine/index.ts";
import { createScanApi, type ScanApiResponse } from "../doors/scanapi/index.ts";
import { createSystemResolver } from "../doors/resolver/index.ts";
import { ENGINE_VERSION } from "../version.ts";
import { decodeUtf8, EXIT, loadPolicyOrFail, printErr, printOut, readStdin, UsageError } from "./_io.ts";
import { parseFlags } from "./_flags.ts";
import { renderResponse } from "./_render.ts";

const KINDS = ["url", "dlp", "prompt_injection", "tool_call", "tool_description"] as const;
type Kind = (typeof KINDS)[number];
/** A token that only exists inside this process, so the in-process door accepts our requests. */
const LOCAL_TOKEN = crypto.randomUUID();

export const CHECK_USAGE = `usage: pipelock check (--url U | --text T | --content C | --tool-call JSON | --tool JSON | --file F | --stdin | --batch)
                      [--kind url|dlp|prompt_injection|tool_call|tool_description] [--json] [--evidence]
                      [--config FILE] [--rules-dir DIR] [--offline]`;

export async function runCheck(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, {
    url: "string", text: "string", content: "string", "tool-call": "string", tool: "string", file: "string",
    stdin: "boolean", batch: "boolean", kind: "string", json: "boolean", evidence: "boolean", config: "string",
    "rules-dir": "strings", offline: "boolean",
  });
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument "${flags.positionals[0]}"`);
  const inputs = ["url", "text", "content", "tool-call", "tool", "file"].filter((n) => flags.string(n) !== undefined);
  const modes = inputs.length + (flags.bool("stdin") ? 1 : 0) + (flags.bool("batch") ? 1 : 0);
  if (modes !== 1) throw new UsageError(modes === 0 ? "nothing to check: give one input" : "give exactly one input");
  const kindFlag = flags.string("kind");
  if (kindFlag !== undefined && !(KINDS as readonly string[]).includes(kindFlag)) throw new UsageError(`--kind must be one of ${KINDS.join(", ")}`);

  const build = loadPolicyOrFail(flags.string("config"), flags.strings("rules-dir"));
  const resolver: Resolver | undefined = flags.bool("offline") ? undefined : createSystemResolver();
  const scanTimeoutMs = parseDuration(build.config.config.scan_api.timeouts.scan);
  const door = createScanApi({
    scan: (subject, opts) => scan(build.policy, subject, { ...(resolver ? { resolver } : {}), signal: opts.signal, deadlineMs: opts.deadlineMs }),
    settings: () => ({
      bearerTokens: [LOCAL_TOKEN],
      requestsPerMinute: Number.MAX_SAFE_INTEGER,
      burst: Number.MAX_SAFE_INTEGER,
      maxBodyBytes: 4 * MAX_SUBJECT_CHARS,
      fieldLimits: { url: build.config.config.scan_api.field_limits.url, text: MAX_SUBJECT_CHARS, content: MAX_SUBJECT_CHARS, arguments: MAX_SUBJECT_CHARS },
      scanTimeoutMs,
      kinds: { url: true, dlp: true, prompt_injection: true, tool_call: true, tool_description: true },
      engineVersion: ENGINE_VERSION,
    }),
  });
  const ask = async (body: string): Promise<ScanApiResponse> => {
    const res = await door.fetch(new Request("http://pipelock.local/api/v1/scan", { method: "POST", headers: { authorization: `Bearer ${LOCAL_TOKEN}`, "content-type": "application/json" }, body }));
    return (await res.json()) as ScanApiResponse;
  };

  if (flags.bool("batch")) return runBatch(ask);
  const request = await buildRequest(flags, kindFlag as Kind | undefined);
  if (typeof request === "object" && "unreadable" in request) {
    printErr(`deny: ${request.unreadable}`);
    return EXIT.deny;
  }
  const response = await ask(request);
  if (flags.bool("json")) printOut(JSON.stringify(response, null, 2));
  else printOut(renderResponse(response, describeInput(flags)));
  return response.status === "completed" && response.decision === "allow" ? EXIT.allow : EXIT.deny;
}

/** JSONL of Scan API requests on stdin → JSONL of responses on stdout. Exit 1 when any line was denied or invalid. */
async function runBatch(ask: (body: string) => Promise<ScanApiResponse>): Promise<number> {
  const text = decodeUtf8(await readStdin());
  if (text === undefined) {
    printErr("deny: stdin is not valid UTF-8");
    return EXIT.deny;
  }
  let worst: number = EXIT.allow;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const response = await ask(line);
    printOut(JSON.stringify(response));
    if (!(response.status === "completed" && response.decision === "allow")) worst = EXIT.deny;
  }
  return worst;
}

type Built = string | { unreadable: string };

async function buildRequest(flags: ReturnType<typeof parseFlags>, kindFlag: Kind | undefined): Promise<Built> {
  const options = flags.bool("evidence") || !flags.bool("json") ? { options: { include_evidence: true } } : {};
  const req = (kind: Kind, input: Record<string, unknown>) => JSON.stringify({ kind, input, ...options });
  const url = flags.string("url");
  if (url !== undefined) return req("url", { url });
  const text = flags.string("text");
  if (text !== undefined) return req(kindFlag ?? "dlp", inputFor(kindFlag ?? "dlp", text));
  const content = flags.string("content");
  if (content !== undefined) return req("prompt_injection", { content });
  const toolCall = flags.string("tool-call");
  if (toolCall !== undefined) return toolCallRequest(toolCall, options);
  const tool = flags.string("tool");
  if (tool !== undefined) return toolRequest(tool, options);
  const file = flags.string("file");
  let bytes: Uint8Array;
  if (file !== undefined) {
    try {
      bytes = await Bun.file(file).bytes();
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
  } else {
    bytes = await readStdin();
  }
  const decoded = decodeUtf8(bytes);
  if (decoded === undefined) return { unreadable: `${file ?? "stdin"} is not valid UTF-8 text; binary input is not scanned, so it is not allowed` };
  const kind = kindFlag ?? "dlp";
  if (kind === "tool_call") return toolCallRequest(decoded, options);
  if (kind === "tool_description") return toolRequest(decoded, options);
  return req(kind, inputFor(kind, decoded));
}

function inputFor(kind: Kind, value: string): Record<string, unknown> {
  switch (kind) {
    case "url":
      return { url: value.trim() };
    case "prompt_injection":
      return { content: value };
    default:
      return { text: value };
  }
}

function toolCallRequest(json: string, options: object): Built {
  let call: unknown;
  try {
    call = JSON.parse(json);
  } catch {
    return { unreadable: "--tool-call is not valid JSON (expected {\"tool_name\": \"...\", \"arguments\": {...}})" };
  }
  const c = call as { tool_name?: unknown; name?: unknown; arguments?: unknown };
  const toolName = typeof c?.tool_name === "string" ? c.tool_name : typeof c?.name === "string" ? c.name : undefined;
  if (toolName === undefined) return { unreadable: "--tool-call needs a \"tool_name\" string" };
  return JSON.stringify({ kind: "tool_call", input: { tool_name: toolName, arguments: c.arguments ?? {} }, ...options });
}

function toolRequest(json: string, options: object): Built {
  let tool: unknown;
  try {
    tool = JSON.parse(json);
  } catch {
    return { unreadable: "--tool is not valid JSON (expected an MCP tool object with name, description, inputSchema)" };
  }
  return JSON.stringify({ kind: "tool_description", input: { tool }, ...options });
}

function describeInput(flags: ReturnType<typeof parseFlags>): string {
  const url = flags.string("url");
  if (url !== undefined) return describeUrl(url);
  const file = flags.string("file");
  if (file !== undefined) return file;
  if (flags.bool("stdin")) return "stdin";
  if (flags.string("tool") !== undefined) return "tool description";
  if (flags.string("tool-call") !== undefined) return "tool call";
  return flags.string("content") !== undefined ? "content" : "text";
}

/** Scheme and host only: the path and query may carry the very secret that was found. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/… (url, ${url.length} chars)`;
  } catch {
    return `url (${url.length} chars, not parseable)`;
  }
}

/** "2s" / "500ms" / "1m" / seconds as a number → milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === "number") return value * 1000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!m) return 5000;
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : m[2] === "m" ? n * 60_000 : n * 3_600_000;
}
