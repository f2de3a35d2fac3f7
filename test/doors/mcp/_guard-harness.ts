/**
 * @module A guard on the real engine and a config, with a collecting event sink and helpers that
 * send one message from either side and return the parsed delivery.
 */
import type { DecisionEvent } from "../../../src/evidence/index.ts";
import { createGuard, McpSession, mcpGuardSettings, policyScanner, type McpGuard, type PinnedTool, type Prompter, type Redirector } from "../../../src/doors/mcp/index.ts";
import { toCrossRequestSettings } from "../../../src/config/index.ts";
import { createCrossRequestTracker, MemoryStateStore } from "../../../src/state/index.ts";
import { buildFrom } from "../../helpers/policy.ts";

export interface Harness {
  readonly guard: McpGuard;
  readonly events: DecisionEvent[];
  /** Send from the client: what goes to the server, what comes back to the client. */
  client(message: unknown): Promise<{ forward: unknown; reply: unknown; forwardText?: string }>;
  server(message: unknown): Promise<{ forward: unknown; reply: unknown; forwardText?: string }>;
  /** Initialize-free shortcut: list `tools` through the guard (request id `list-N`). */
  list(tools: unknown[]): Promise<unknown>;
}

let counter = 0;

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function harness(config = "", options: { pins?: ReadonlyMap<string, PinnedTool>; prompter?: Prompter; redirector?: Redirector; killSwitch?: () => string | undefined; agent?: string } = {}): Harness {
  const build = buildFrom(config);
  const events: DecisionEvent[] = [];
  const guard = createGuard({
    session: new McpSession("test-session", options.pins),
    // Cross-request detection as the CLI wires it: from the config's cross_request_detection section.
    scanner: policyScanner(build.policy, new MemoryStateStore(), { crossRequest: createCrossRequestTracker(new MemoryStateStore(), toCrossRequestSettings(build.config.config.cross_request_detection)) }),
    settings: mcpGuardSettings(build.config.config),
    sink: { emit: (e) => events.push(e) },
    door: "mcp_stdio",
    ...(options.prompter ? { prompter: options.prompter } : {}),
    ...(options.redirector ? { redirector: options.redirector } : {}),
    ...(options.killSwitch ? { killSwitch: options.killSwitch } : {}),
    ...(options.agent ? { agent: options.agent } : {}),
  });
  const send = async (side: "client" | "server", message: unknown) => {
    const text = typeof message === "string" ? message : JSON.stringify(message);
    const d = await guard.receive(side, text);
    return { forward: d.forward === undefined ? undefined : parseOrText(d.forward), reply: d.reply === undefined ? undefined : JSON.parse(d.reply), ...(d.forward !== undefined ? { forwardText: d.forward } : {}) };
  };
  return {
    guard,
    events,
    client: (m) => send("client", m),
    server: (m) => send("server", m),
    async list(tools) {
      const id = `list-${++counter}`;
      await send("client", { jsonrpc: "2.0", id, method: "tools/list" });
      const { forward } = await send("server", { jsonrpc: "2.0", id, result: { tools } });
      return forward;
    },
  };
}

export const call = (id: number | string, name: string, args: unknown = {}) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args } });
export const result = (id: number | string, text: string) => ({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text }] } });
export const tool = (name: string, description = `Does ${name}.`, properties: Record<string, unknown> = { value: { type: "string" } }) => ({ name, description, inputSchema: { type: "object", properties } });
