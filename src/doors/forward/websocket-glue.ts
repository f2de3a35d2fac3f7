/**
 * @module WebSocket glue: upgrades on the main listener (`/ws?url=`, or an absolute-URI upgrade from
 * a proxy client) and inside intercepted tunnels go to the WebSocket door (src/doors/websocket),
 * whose admission is this door's request check — URL with a recording resolver (so the upstream
 * connect is pinned to the checked address), forwarded header values, rate limits — and whose
 * messages are scanned by the engine with the policy captured at upgrade time.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { admitLive, checkRequest, crossRequestSession, DENY_CODES, messageFragments, rawHeader, AGENT_HEADER, type HttpDoorContext, type PolicyView } from "../http/index.ts";
import { recordingResolver } from "../upstream/index.ts";
import {
  CLOSE,
  createConnectionGate,
  engineMessageScanner,
  handleWsUpgrade,
  proxyWebSocket,
  type WsAdmission,
  type WsAdmissionRequest,
  type ScanMessage,
  type WsDoorDeps,
  type WsTrack,
} from "../websocket/index.ts";
import type { WebsocketSettings } from "../../config/index.ts";
import type { TunnelUpgrade } from "./intercept.ts";
import type { UpgradeDoor } from "./listener.ts";

export interface WebSocketDoor extends UpgradeDoor {
  /** For createTunnelInterceptor: upgrades inside intercepted tunnels. */
  readonly tunnel: TunnelUpgrade;
}

/** `settings` is read per upgrade (reloads apply to new connections); the connection limit is fixed at start. */
export function createWebSocketDoor(ctx: HttpDoorContext, settings: () => WebsocketSettings): WebSocketDoor {
  const gate = createConnectionGate(settings().maxConnections);
  const depsFor = (req: IncomingMessage, clientIp: string | undefined): WsDoorDeps => {
    const view = ctx.view();
    const scanMessage = engineMessageScanner((subject) => view.scan(subject), (text) => view.stripInjection(text));
    return {
      connector: ctx.connector,
      sink: ctx.sink,
      settings: settings(),
      gate,
      scanMessage: view.crossRequest ? withCrossRequest(scanMessage, view, crossRequestSession(agentOf(req), clientIp)) : scanMessage,
      admit: (request) => admitWebSocket(ctx, request, clientIp),
      track: trackRelay(ctx, view.settings.explainBlocks),
    };
  };
  const agentOf = (req: IncomingMessage) => rawHeader(req.rawHeaders, AGENT_HEADER);
  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Uint8Array, target: URL | undefined) {
      const agent = agentOf(req);
      const context = agent !== undefined ? { agent } : {};
      if (target) {
        const ws = new URL(target.href);
        ws.protocol = target.protocol === "https:" ? "wss:" : "ws:";
        void proxyWebSocket(req, socket, head, ws, depsFor(req, req.socket.remoteAddress), context).catch(() => socket.destroy());
        return;
      }
      void handleWsUpgrade(req, socket, head, depsFor(req, req.socket.remoteAddress), context).catch(() => socket.destroy());
    },
    tunnel(req, socket, head, target, clientIp) {
      const agent = agentOf(req);
      void proxyWebSocket(req, socket, head, target, depsFor(req, clientIp ?? req.socket.remoteAddress), agent !== undefined ? { agent } : {}).catch(() => socket.destroy());
    },
  };
}

/** Running relays join the live-connection registry; a cut closes both sides with 1008 naming the kill switch. */
function trackRelay(ctx: HttpDoorContext, explain: boolean): WsTrack {
  return (where, cut) => {
    const live = admitLive(
      ctx,
      { door: "websocket", method: "WS", target: where.target, ...(where.agent !== undefined ? { agent: where.agent } : {}), status: CLOSE.policy, cut: (reason) => cut(`pipelock kill switch: ${reason}`) },
      explain,
    );
    if (live.ok) return live.release;
    return { status: DENY_CODES[live.block.code], reason: live.block.reason, failure: live.block.failure ?? live.block.code };
  };
}

/** The HTTP request check applied to a WebSocket handshake. */
async function admitWebSocket(ctx: HttpDoorContext, request: WsAdmissionRequest, clientIp: string | undefined): Promise<WsAdmission> {
  const view = ctx.view();
  const host = request.target.hostname.startsWith("[") ? request.target.hostname.slice(1, -1) : request.target.hostname;
  const resolver = recordingResolver(ctx.resolver);
  const rawHeaders = request.headers.flatMap(([n, v]) => [n, v]);
  const check = await checkRequest(view, ctx.inspection, ctx.admission, { url: request.url, host, rawHeaders, ...(request.agent !== undefined ? { agent: request.agent } : {}), clientIp }, resolver, undefined);
  if (check.allowed) return { allow: true, checked: resolver.checked(host), findings: check.warnings };
  return {
    allow: false,
    status: DENY_CODES[check.block.code],
    reason: check.block.reason,
    ...(check.block.findings ? { findings: check.block.findings } : {}),
    ...(check.block.failure ? { failure: check.block.failure } : {}),
  };
}

/**
 * Each client→server text message the per-message scan allowed also goes to cross-request detection
 * under the connection's session; a deny there closes the connection like any message deny.
 */
function withCrossRequest(scanMessage: ScanMessage, view: PolicyView, session: string): ScanMessage {
  const observe = view.crossRequest!;
  return async (text, direction, context) => {
    const result = await scanMessage(text, direction, context);
    if (!result.allow || direction !== "client_to_server") return result;
    const fragments = messageFragments(context?.carriedChars ? text.slice(context.carriedChars) : text);
    if (fragments.length === 0) return result;
    const verdict = await observe(session, { fragments, ...(context?.host !== undefined ? { host: context.host } : {}) });
    if (verdict.decision === "allow") return verdict.findings.length > 0 ? { ...result, findings: [...(result.findings ?? []), ...verdict.findings] } : result;
    const rule = verdict.findings[0]?.rule_id ?? verdict.failure;
    return { allow: false, reason: `blocked by pipelock: outgoing message${rule ? ` (${rule})` : ""}`, findings: verdict.findings, action: verdict.action, ...(verdict.failure ? { failure: verdict.failure } : {}) };
  };
}
