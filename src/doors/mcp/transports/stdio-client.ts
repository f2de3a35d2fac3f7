/**
 * @module A minimal MCP client over a child's stdio, for the one-shot commands (`mcp scan`, `mcp
 * baseline`): initialize, initialized, every page of `tools/list`, then shut the server down.
 * Bounded: message size, pages, total time. Server stderr is kept (inherited) for diagnosis.
 */
import { classifyMessage, isObject, LineSplitter, parseJsonRpc, type JsonObject } from "../jsonrpc/index.ts";

/** Most `tools/list` pages followed. */
export const MAX_LIST_PAGES = 100;
const CLIENT_INFO = { name: "pipelock-mcp-scan", version: "1" };
const PROTOCOL_VERSION = "2025-06-18";

export interface ServerInventory {
  readonly serverInfo?: { readonly name?: string; readonly version?: string };
  readonly protocolVersion?: string;
  readonly instructions?: string;
  /** Every `tools/list` result page as received. */
  readonly pages: readonly JsonObject[];
}

export interface ListOptions {
  readonly command: readonly string[];
  readonly env: Record<string, string>;
  readonly timeoutMs: number;
  readonly maxMessageBytes: number;
  /** Pass the server's stderr through (default) or drop it. */
  readonly stderr?: "inherit" | "ignore";
}

export async function listServerTools(o: ListOptions): Promise<ServerInventory> {
  if (o.command.length === 0) throw new Error("no server command given");
  const child = Bun.spawn([...o.command], { stdin: "pipe", stdout: "pipe", stderr: o.stderr ?? "inherit", env: o.env });
  const waiting = new Map<number, { resolve: (m: JsonObject) => void; reject: (e: Error) => void }>();
  let failed: Error | undefined;
  const failAll = (err: Error) => {
    failed ??= err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  const timer = setTimeout(() => failAll(new Error(`the server did not answer within ${o.timeoutMs} ms`)), o.timeoutMs);
  void (async () => {
    const splitter = new LineSplitter(o.maxMessageBytes);
    for await (const chunk of child.stdout as ReadableStream<Uint8Array>) {
      for (const line of splitter.push(chunk)) {
        if (line.kind !== "line") return failAll(new Error(`the server wrote a ${line.kind === "oversize" ? "line over the size limit" : "line that is not UTF-8"}`));
        const parsed = parseJsonRpc(line.text, { maxBytes: o.maxMessageBytes, allowBatch: false });
        if (!parsed.ok) return failAll(new Error(`the server wrote a bad message: ${parsed.reason}`));
        const m = parsed.elements[0]!;
        if ((m.kind === "result" || m.kind === "error") && typeof m.id === "number") waiting.get(m.id)?.resolve(m.message);
        else if (m.kind === "request") child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: m.id, error: { code: -32601, message: "not supported by pipelock mcp scan" } })}\n`);
      }
    }
    failAll(new Error("the server closed its output"));
  })().catch((err: unknown) => failAll(err instanceof Error ? err : new Error(String(err))));
  let nextId = 1;
  const call = (method: string, params: JsonObject): Promise<JsonObject> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise<JsonObject>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id, method, params })}\n`);
      child.stdin.flush();
    }).then((m) => {
      waiting.delete(id);
      const c = classifyMessage(m);
      if (c.kind === "error") throw new Error(`${method} failed: ${c.error.message}`);
      if (c.kind !== "result" || !isObject(c.result)) throw new Error(`${method}: the server's answer is not an object`);
      return c.result;
    });
  };
  try {
    const init = await call("initialize", { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
    const pages: JsonObject[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const result = await call("tools/list", cursor === undefined ? {} : { cursor });
      pages.push(result);
      cursor = typeof result["nextCursor"] === "string" && result["nextCursor"].length > 0 ? result["nextCursor"] : undefined;
      if (cursor === undefined) break;
    }
    const info = isObject(init["serverInfo"]) ? init["serverInfo"] : undefined;
    return {
      ...(info ? { serverInfo: { ...(typeof info["name"] === "string" ? { name: info["name"] } : {}), ...(typeof info["version"] === "string" ? { version: info["version"] } : {}) } } : {}),
      ...(typeof init["protocolVersion"] === "string" ? { protocolVersion: init["protocolVersion"] } : {}),
      ...(typeof init["instructions"] === "string" ? { instructions: init["instructions"] } : {}),
      pages,
    };
  } finally {
    clearTimeout(timer);
    try {
      child.stdin.end();
    } catch {
      // gone
    }
    const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(1000).then(() => false)]);
    if (!exited) child.kill("SIGKILL");
  }
}
