/**
 * @module Message reassembly for one direction: data frames (text/binary + continuations) become
 * whole messages, control frames pass through at once even between fragments, and the fragment
 * rules hold (no continuation without a start, no new message mid-fragmentation, total ≤ limit).
 */
import { CLOSE, isControl, OPCODE, type Frame } from "./frame.ts";
import type { FrameViolation } from "./frame-parser.ts";

export type AssembledItem =
  | { readonly kind: "control"; readonly frame: Frame }
  | { readonly kind: "message"; readonly opcode: typeof OPCODE.text | typeof OPCODE.binary; readonly data: Uint8Array; readonly fragments: number }
  | { readonly kind: "partial" };

/** Most fragments one message may arrive in (a flood of 1-byte continuations costs per frame). */
export const MAX_FRAGMENTS_PER_MESSAGE = 65_536;

export class MessageAssembler {
  private opcode: typeof OPCODE.text | typeof OPCODE.binary | undefined;
  private parts: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** True while a fragmented message is open. */
  get inMessage(): boolean {
    return this.opcode !== undefined;
  }

  accept(frame: Frame): AssembledItem | FrameViolation {
    if (isControl(frame.opcode)) return { kind: "control", frame };
    if (frame.opcode === OPCODE.continuation) {
      if (this.opcode === undefined) return violation(CLOSE.protocolError, "continuation frame without a message to continue");
    } else {
      if (this.opcode !== undefined) return violation(CLOSE.protocolError, "new data frame before the fragmented message ended");
      this.opcode = frame.opcode as typeof OPCODE.text | typeof OPCODE.binary;
    }
    this.size += frame.payload.length;
    if (this.size > this.maxMessageBytes) return violation(CLOSE.tooBig, `message over the ${this.maxMessageBytes}-byte limit`);
    this.parts.push(frame.payload);
    if (this.parts.length > MAX_FRAGMENTS_PER_MESSAGE) return violation(CLOSE.tooBig, `message in more than ${MAX_FRAGMENTS_PER_MESSAGE} fragments`);
    if (!frame.fin) return { kind: "partial" };
    const data = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    const item = { kind: "message" as const, opcode: this.opcode, data, fragments: this.parts.length };
    this.opcode = undefined;
    this.parts = [];
    this.size = 0;
    return item;
  }
}

function violation(code: number, why: string): FrameViolation {
  return { violation: true, code, why };
}
