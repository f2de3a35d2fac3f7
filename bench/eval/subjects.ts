/**
 * @module How each corpus case becomes engine Subjects. A case counts as flagged when any of its
 * subjects produces a finding. The mapping mirrors what the doors will hand the engine.
 */
import type { Subject } from "../../src/engine/index.ts";

export interface CorpusCase {
  id: string;
  label: "attack" | "benign";
  category: string;
  subcategory?: string;
  input_type?: string;
  text?: string;
  url?: string;
  command?: string;
  shell?: string;
  tool?: unknown;
  payload?: Record<string, unknown>;
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

/** agent-egress-bench payloads by input type. */
function egressSubjects(c: CorpusCase): Subject[] {
  const p = c.payload ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? ""));
  const out: Subject[] = [];
  if (typeof p["url"] === "string") out.push({ kind: "url", url: p["url"] });
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
    case "websocket_frame":
      for (const f of (p["frames"] as { payload?: unknown }[]) ?? []) {
        out.push({ kind: "text", text: str(f.payload) }, { kind: "content", content: str(f.payload) });
      }
      break;
    default:
      break;
  }
  for (const msg of (p["jsonrpc_messages"] as Record<string, unknown>[]) ?? []) {
    const params = (msg["params"] ?? {}) as Record<string, unknown>;
    const result = (msg["result"] ?? {}) as Record<string, unknown>;
    if (msg["method"] === "tools/call" && typeof params["name"] === "string") {
      out.push({ kind: "tool_call", toolName: params["name"], arguments: params["arguments"] ?? {} });
    } else if (Array.isArray(result["tools"])) {
      for (const tool of result["tools"]) out.push({ kind: "tool_description", tool });
    } else if (Array.isArray(result["content"])) {
      const text = (result["content"] as { text?: unknown }[]).map((b) => str(b.text)).join("\n");
      out.push({ kind: "content", content: text }, { kind: "text", text });
    } else {
      out.push({ kind: "content", content: JSON.stringify(msg) }, { kind: "text", text: JSON.stringify(msg) });
    }
  }
  if (p["agent_card"] !== undefined) {
    const card = JSON.stringify(p["agent_card"]);
    out.push({ kind: "content", content: card }, { kind: "text", text: card });
  }
  return out;
}
