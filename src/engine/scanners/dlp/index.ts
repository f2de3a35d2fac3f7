/** @module Data-loss prevention over text. */
export { scanTextDlp, type TextDlpContext } from "./scan-text-dlp.ts";
export { percentDecodeRepeatedly, MAX_PERCENT_DECODE_ROUNDS } from "./percent-decode.ts";
