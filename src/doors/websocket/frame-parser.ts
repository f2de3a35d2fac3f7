/**
 * @module Incremental RFC 6455 frame parser over a byte stream: bytes arrive in any split, frames
 * come out whole. Every check that can be made from the header is made before the payload is
 * buffered (size → 1009, masking direction, RSV bits, control-frame rules, unknown opcodes → 1002),
 * so a hostile length never allocates.
 */
import { CLOSE, isControl, MAX_CONTROL_PAYLOAD, OPCODE, type Frame } from "./frame.ts";

/** A frame the stream may not continue after: close with `code`. */
export interface FrameViolation {
  readonly violation: true;
  readonly code: number;
  readonly why: string;
}

export interface FrameParserOptions {
  /** Largest payload of one frame. */
  readonly maxFrameBytes: number;
  /** "client": frames from a client (must be masked); "server": from a server (must not be). */
  readonly from: "client" | "server";
}

const KNOWN_OPCODES = new Set<number>(Object.values(OPCODE));
const MAX_HEADER_BYTES = 14;

/** A FIFO of byte chunks that copies only what is taken. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  private offset = 0;
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** Copy of the first `n` bytes without consuming (n ≤ length). */
  peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    let off = this.offset;
    for (const c of this.chunks) {
      const part = c.subarray(off, Math.min(c.length, off + n - at));
      out.set(part, at);
      at += part.length;
      off = 0;
      if (at === n) break;
    }
    return out;
  }

  /** Remove and return the first `n` bytes (n ≤ length). */
  take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length - this.offset >= n) {
      const out = first.subarray(this.offset, this.offset + n);
      this.skipFirst(n);
      return out;
    }
    const out = this.peek(n);
    let left = n;
    while (left > 0) {
      const c = this.chunks[0]!;
      const avail = c.length - this.offset;
      const use = Math.min(avail, left);
      this.skipFirst(use);
      left -= use;
    }
    return out;
  }

  private skipFirst(n: number): void {
    this.offset += n;
    this.length -= n;
    if (this.offset >= this.chunks[0]!.length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }
}

export class FrameParser {
  private readonly queue = new ByteQueue();
  private failed: FrameViolation | undefined;

  constructor(private readonly options: FrameParserOptions) {}

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.queue.length;
  }

  push(chunk: Uint8Array): void {
    if (!this.failed) this.queue.push(chunk);
  }

  /** The next whole frame, a violation (sticky), or undefined when more bytes are needed. */
  next(): Frame | FrameViolation | undefined {
    if (this.failed) return this.failed;
    if (this.queue.length < 2) return undefined;
    const head = this.queue.peek(Math.min(MAX_HEADER_BYTES, this.queue.length));
    const b0 = head[0]!;
    const b1 = head[1]!;
    const fin = (b0 & 0x80) !== 0;
    const rsv = (b0 >> 4) & 0x7;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    let len = b1 & 0x7f;
    let headerLen = 2;
    if (rsv !== 0) return this.fail(CLOSE.protocolError, rsv & 0x4 ? "compressed frame (RSV1) without a negotiated extension" : "reserved bits set");
    if (!KNOWN_OPCODES.has(opcode)) return this.fail(CLOSE.protocolError, `unknown opcode ${opcode}`);
    if (isControl(opcode) && !fin) return this.fail(CLOSE.protocolError, "fragmented control frame");
    if (isControl(opcode) && len > MAX_CONTROL_PAYLOAD) return this.fail(CLOSE.protocolError, "control frame longer than 125 bytes");
    if (this.options.from === "client" && !masked) return this.fail(CLOSE.protocolError, "unmasked frame from the client");
    if (this.options.from === "server" && masked) return this.fail(CLOSE.protocolError, "masked frame from the server");
    if (len === 126) {
      if (head.length < 4) return undefined;
      len = (head[2]! << 8) | head[3]!;
      headerLen = 4;
    } else if (len === 127) {
      if (head.length < 10) return undefined;
      if (head[2]! & 0x80) return this.fail(CLOSE.protocolError, "64-bit length with the top bit set");
      const big = new DataView(head.buffer, head.byteOffset + 2, 8).getBigUint64(0);
      if (big > BigInt(this.options.maxFrameBytes)) return this.fail(CLOSE.tooBig, `frame of ${big} bytes is over the ${this.options.maxFrameBytes}-byte limit`);
      len = Number(big);
      headerLen = 10;
    }
    if (len > this.options.maxFrameBytes) return this.fail(CLOSE.tooBig, `frame of ${len} bytes is over the ${this.options.maxFrameBytes}-byte limit`);
    const maskLen = masked ? 4 : 0;
    if (this.queue.length < headerLen + maskLen + len) return undefined;
    this.queue.take(headerLen);
    const key = masked ? this.queue.take(4).slice() : undefined;
    const raw = this.queue.take(len);
    let payload: Uint8Array;
    if (key) {
      payload = new Uint8Array(len);
      for (let i = 0; i < len; i++) payload[i] = raw[i]! ^ key[i & 3]!;
    } else payload = raw.slice();
    return { fin, rsv, opcode, masked, payload };
  }

  private fail(code: number, why: string): FrameViolation {
    this.failed = { violation: true, code, why };
    return this.failed;
  }
}

export const isViolation = <T extends object>(x: T | FrameViolation): x is FrameViolation => (x as FrameViolation).violation === true;
