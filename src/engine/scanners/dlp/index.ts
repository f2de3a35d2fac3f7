/** @module Data-loss prevention over text. */
export { scanTextDlp, type TextDlpContext } from "./scan-text-dlp.ts";
