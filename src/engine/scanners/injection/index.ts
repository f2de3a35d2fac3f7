/** @module Prompt-injection scanning: the six-pass scanner, its strip action, and the pass-1-only scanContent. */
export { scanContent } from "./scan-content.ts";
export { compileInjectionScanner, type InjectionScanner, type InjectionScannerOptions, type InjectionScanContext } from "./compile-scanner.ts";
export { STRIP_MARKER, MAX_STRIP_ROUNDS, type StripResult } from "./strip.ts";
export { MAX_DECODE_DEPTH, type PassName } from "./passes.ts";
