/**
 * @module Forwarding only: the byte codecs moved to normalize/codecs (one implementation for DLP,
 * crypto and injection). Kept while DLP modules outside decode/ still import this path.
 */
export { decodeBase32, decodeBase64, decodeDelimitedHex, decodeDelimitedHexRuns, decodeHex, encodeBase32, encodeBase64, encodeHex } from "../../../normalize/codecs/index.ts";
