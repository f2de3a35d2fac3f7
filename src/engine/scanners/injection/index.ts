/** @module Prompt-injection scanning. */
export { scanContent } from "./scan-content.ts";
