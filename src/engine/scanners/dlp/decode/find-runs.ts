/**
 * @module Forwarding only: the run finder moved to normalize/codecs (one implementation for DLP,
 * crypto and injection). Kept while DLP modules outside decode/ still import this path.
 */
export { ALPHABET_CLASS, DELIMITED_HEX_CLASS, findRuns, TOKEN_CLASS, type CharClass } from "../../../normalize/codecs/index.ts";
