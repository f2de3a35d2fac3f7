/**
 * @module Gives re2-wasm a larger heap. Its WASM module is built with a fixed 16 MiB memory and no
 * growth: every RE2 program and its DFA cache live there forever, and a few hundred rules fill it
 * (measured: ~395 mid-sized programs), after which RE2 aborts and every scan fails closed.
 *
 * re2-wasm creates its memory with `new WebAssembly.Memory({initial: 256, maximum: 256})` and the
 * module's import declares the same maximum. While re2-wasm loads (and only then), this module
 * (1) rewrites the declared maximum of the memory import from 256 pages to 16383 pages — the
 * largest value that fits the same two LEB128 bytes, so no offsets move — and (2) hands re2-wasm a
 * memory of RE2_HEAP_PAGES instead of 256. Emscripten sizes its heap from the buffer it is given.
 * Pages are committed lazily by the OS, so unused heap costs address space, not RAM.
 */

/** 512 MiB of heap for RE2 programs and their DFA caches (64 KiB pages). */
export const RE2_HEAP_PAGES = 8192;
/** Largest page count that LEB128-encodes in two bytes, like the original 256. */
const MAX_PAGES_TWO_BYTES = 16383;
const ORIGINAL_PAGES = 256;

type WasmModuleCtor = new (bytes: ArrayBuffer | ArrayBufferView) => WebAssembly.Module;
type WasmMemoryCtor = new (d: WebAssembly.MemoryDescriptor) => WebAssembly.Memory;

const wasm = WebAssembly as unknown as { Module: WasmModuleCtor; Memory: WasmMemoryCtor };
const OriginalModule = wasm.Module;
const OriginalMemory = wasm.Memory;

/** Install the two substitutions; `restoreWasmConstructors` undoes them once re2-wasm has loaded. */
export function enlargeNextRe2Heap(): void {
  const PatchedModule = function (bytes: ArrayBuffer | ArrayBufferView) {
    return new OriginalModule(raiseMemoryImportMaximum(bytes));
  } as unknown as WasmModuleCtor;
  (PatchedModule as unknown as { prototype: unknown }).prototype = OriginalModule.prototype;
  const PatchedMemory = function (d: WebAssembly.MemoryDescriptor) {
    const enlarge = d.initial === ORIGINAL_PAGES && d.maximum === ORIGINAL_PAGES;
    return new OriginalMemory(enlarge ? { initial: RE2_HEAP_PAGES, maximum: MAX_PAGES_TWO_BYTES } : d);
  } as unknown as WasmMemoryCtor;
  (PatchedMemory as unknown as { prototype: unknown }).prototype = OriginalMemory.prototype;
  wasm.Module = PatchedModule;
  wasm.Memory = PatchedMemory;
}

export function restoreWasmConstructors(): void {
  wasm.Module = OriginalModule;
  wasm.Memory = OriginalMemory;
}

/**
 * Return a copy of a WASM binary whose memory import declares `maximum: 16383` instead of 256.
 * Binaries without such an import are returned unchanged.
 */
export function raiseMemoryImportMaximum(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  const bytes = new Uint8Array(source instanceof ArrayBuffer ? source.slice(0) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice());
  let pos = 8; // magic + version
  const leb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++]!;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = leb();
    const end = pos + size;
    if (id !== 2) {
      pos = end;
      continue;
    }
    const count = leb();
    for (let i = 0; i < count; i++) {
      // (`pos += leb()` would read pos before leb() advances it.)
      const moduleNameLength = leb();
      pos += moduleNameLength;
      const fieldNameLength = leb();
      pos += fieldNameLength;
      const kind = bytes[pos++]!;
      if (kind === 0) leb();
      else if (kind === 1) {
        pos++;
        const flags = bytes[pos++]!;
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) pos += 2;
      else if (kind === 2) {
        const flags = bytes[pos++]!;
        leb();
        if ((flags & 1) === 1 && bytes[pos] === 0x80 && bytes[pos + 1] === 0x02) {
          bytes[pos] = (MAX_PAGES_TWO_BYTES & 0x7f) | 0x80;
          bytes[pos + 1] = MAX_PAGES_TWO_BYTES >> 7;
        }
        return bytes;
      }
    }
    return bytes;
  }
  return bytes;
}
