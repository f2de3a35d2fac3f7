/**
 * @module How each corpus case becomes engine Subjects. A case counts as flagged when any of its
 * subjects produces a finding. The mapping mirrors what the doors will hand the engine: a header
 * block becomes text with the header names, a request body its text, a WebSocket message its
 * reassembled payload (wss → https for the URL check, as the WebSocket door maps it), a `tools/list`
 * result one tool_description per tool (a rug-pull is the changed tool), an A2A agent card one
 * tool_description per card and skill. A case a door refuses before any scan (a compressed frame it
 * cannot inspect) is reported by {@link doorDenial} instead.
 */
import type { Subject } from "../../src/engine/index.ts";

export interface CorpusCase {
  id: string;
  label: "attack" | "benign";
  category: string;
  subcategory?: string;
  surface?: string;
  input_type?: string;
  text?: string;
  url?: string;
  command?: string;
  shell?: string;
  tool?: unknown;
  payload?: Record<string, unknown>;
  rule_categories?: unknown;
}

/** Which scan a corpus file's payload gets. `benign.jsonl` is scanned both for DLP and injection. */
export type CorpusView = "dlp" | "injection" | "url" | "tool_call" | "tool_description" | "egress";

export const CORPUS_FILES: ReadonlyArray<{ file: string; view: CorpusView; label?: string }> = [
  { file: "secrets.jsonl", view: "dlp" },
  { file: "crypto.jsonl", view: "dlp" },
  { file: "injection.jsonl", view: "injection" },
  { file: "ssrf.jsonl", view: "url" },
  { file: "tool-calls.jsonl", view: "tool_call" },
  { file: "mcp-tools.jsonl", view: "tool_description" },
  { file: "benign.jsonl", view: "dlp", label: "benign.jsonl (dlp)" },
  { file: "benign.jsonl", view: "injection", label: "benign.jsonl (injection)" },
  { file: "agent-egress-bench.jsonl", view: "egress" },
];

/** Most WebSocket messages joined into one cross-message text (the door keeps a bounded tail). */
const MAX_JOINED_MESSAGES = 8;

export function subjectsFor(c: CorpusCase, view: CorpusView): Subject[] {
  switch (view) {
    case "dlp":
      return [{ kind: "text", text: c.text ?? "" }];
    case "injection":
      return [{ kind: "content", content: c.text ?? "" }];
    case "url":
      return [{ kind: "url", url: c.url ?? "" }];
    case "tool_call":
      return [{ kind: "tool_call", toolName: c.shell === "powershell" ? "powershell" : "bash", arguments: { command: c.command ?? "" } }];
    case "tool_description":
      return [{ kind: "tool_description", tool: c.tool }];
    case "egress":
      return egressSubjects(c);
  }
}

/**
 * Why a door would deny the case before scanning anything, or undefined. Only fail-closed rules of
 * DESIGN.md §4 apply: a compressed WebSocket frame (RSV1 without a negotiated extension the door
 * can inflate) cannot be inspected, so it is refused.
 */
export function doorDenial(c: CorpusCase, view: CorpusView): string | undefined {
  if (view !== "egress") return undefined;
  const frames = (c.payload?.["frames"] as Record<string, unknown>[] | undefined) ?? [];
  if (frames.some((f) => f["rsv1"] === true)) return "compressed WebSocket frame that cannot be inspected (fail closed)";
  return undefined;
}

const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));

/** ws:// and wss:// are checked as http:// and https:// (the WebSocket door's mapping). */
export function httpUrl(url: string): string {
  return url.replace(/^ws(s?):/i, "http$1:");
}

/** agent-egress-bench payloads by input type. */
function egressSubjects(c: CorpusCase): Subject[] {
  const p = c.payload ?? {};
  const out: Subject[] = [];
  if (typeof p["url"] === "string") out.push({ kind: "url", url: httpUrl(p["url"]) });
  switch (c.input_type) {
    case "request_body":
      out.push({ kind: "text", text: str(p["body"]) });
      break;
    case "header":
      out.push({ kind: "text", text: Object.entries((p["headers"] as Record<string, unknown>) ?? {}).map(([k, v]) => `${k}: ${str(v)}`).join("\n") });
      break;
    case "response_content":
      out.push({ kind: "content", content: str(p["response_body"]) });
      break;
    case "websocket_frame": {
      const messages = websocketMessages((p["frames"] as Record<string, unknown>[]) ?? []);
      for (const m of messages) out.push({ kind: "text", text: m }, { kind: "content", content: m });
      if (messages.length > 1) out.push({ kind: "text", text: messages.slice(-MAX_JOINED_MESSAGES).join("\n") });
      break;
    }
    default:
      break;
  }
  for (const msg of (p["jsonrpc_messages"] as Record<string, unknown>[]) ?? []) out.push(...jsonRpcSubjects(msg));
  const card = p["agent_card"];
  if (card !== undefined) {
    const json = JSON.stringify(card);
    out.push({ kind: "content", content: json }, { kind: "text", text: json }, ...agentCardTools(card));
  }
  return out;
}

/** One MCP or A2A JSON-RPC message → what the MCP / A2A door scans. */
function jsonRpcSubjects(msg: Record<string, unknown>): Subject[] {
  const params = (msg["params"] ?? {}) as Record<string, unknown>;
  const result = (msg["result"] ?? {}) as Record<string, unknown>;
  if (msg["method"] === "tools/call" && typeof params["name"] === "string") {
    return [{ kind: "tool_call", toolName: params["name"], arguments: params["arguments"] ?? {} }];
  }
  if (Array.isArray(result["tools"])) return result["tools"].map((tool): Subject => ({ kind: "tool_description", tool }));
  if (Array.isArray(result["content"])) {
    const text = (result["content"] as { text?: unknown }[]).map((b) => str(b.text)).join("\n");
    return [{ kind: "content", content: text }, { kind: "text", text }];
  }
  const parts = ((params["message"] as Record<string, unknown> | undefined)?.["parts"] as Record<string, unknown>[] | undefined) ?? undefined;
  if (Array.isArray(parts)) {
    // A2A message/send and message/stream: text parts are prose, data parts are JSON values.
    return parts.flatMap((part): Subject[] => {
      const text = part["kind"] === "text" ? str(part["text"]) : JSON.stringify(part["data"] ?? part);
      return [{ kind: "text", text }, { kind: "content", content: text }];
    });
  }
  const json = JSON.stringify(msg);
  return [{ kind: "content", content: json }, { kind: "text", text: json }];
}

/** An A2A agent card is read like a tool list: the card itself and each skill. */
function agentCardTools(card: unknown): Subject[] {
  if (card === null || typeof card !== "object") return [];
  const c = card as Record<string, unknown>;
  const out: Subject[] = [{ kind: "tool_description", tool: { name: c["name"], description: c["description"] } }];
  for (const skill of Array.isArray(c["skills"]) ? c["skills"] : []) out.push({ kind: "tool_description", tool: skill });
  return out;
}

/** Reassemble frames into messages: a text/binary frame starts one, continuation frames extend it. */
function websocketMessages(frames: readonly Record<string, unknown>[]): string[] {
  const messages: string[] = [];
  let open: string | undefined;
  for (const f of frames) {
    const payload = f["encoding"] === "base64" ? new TextDecoder().decode(Buffer.from(str(f["payload"]), "base64")) : str(f["payload"]);
    open = f["opcode"] === "continuation" && open !== undefined ? open + payload : payload;
    if (f["fin"] !== false) {
      messages.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) messages.push(open);
  return messages;
}
