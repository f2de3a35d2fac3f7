/**
 * @module Small pieces the response side shares: which headers a changed body drops, the block for
 * a response-side deny, drain waiting without listener leaks, and a cheap idle timer.
 */
import type { ServerResponse } from "node:http";
import type { Finding } from "../../engine/index.ts";
import { decidingFinding, type BlockInfo } from "./block.ts";

/** Header names dropped when the body changes length (and encoding, when it was decoded). */
export const LENGTH_AND_ENCODING = new Set(["content-length", "content-encoding"]);
export const LENGTH_ONLY = new Set(["content-length"]);

/** The block for a response-side deny (a finding, or an upstream that broke off). */
export function responseBlock(findings: readonly Finding[], failure: string | undefined, explain: boolean): BlockInfo {
  const top = decidingFinding(findings);
  const upstreamProblem = failure === "upstream_reset" || failure === "upstream_idle_timeout" || failure === "upstream_length_mismatch";
  return {
    code: upstreamProblem ? (failure === "upstream_idle_timeout" ? "upstream_timeout" : "upstream_failed") : "blocked",
    direction: "response",
    reason: top ? `Response blocked: ${top.message}` : upstreamProblem ? `The upstream response broke off (${failure}); the partial body was not passed` : "Response blocked: it could not be inspected",
    findings,
    ...(failure !== undefined ? { failure } : {}),
    explain,
  };
}

/** Resolve when `res` drains or closes; both listeners are removed either way (no per-chunk leak). */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

export interface IdleTimer {
  touch(): void;
  stop(): void;
}

/** Fires `onIdle` after `ms` without a touch (0 = never). Re-arms lazily to keep per-chunk cost low. */
export function idleTimer(ms: number, onIdle: () => void): IdleTimer {
  if (ms <= 0) return { touch() {}, stop() {} };
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const quiet = Date.now() - last;
      if (quiet >= ms) onIdle();
      else arm(ms - quiet);
    }, delay);
  };
  arm(ms);
  return {
    touch() {
      last = Date.now();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
