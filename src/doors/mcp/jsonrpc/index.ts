/** @module JSON-RPC framing and validation for the MCP proxy. */
export { classifyMessage, idKey, isObject, MAX_ID_CHARS, MAX_METHOD_CHARS, type Classified, type JsonObject, type JsonRpcErrorBody, type JsonRpcId } from "./message.ts";
export { errorResponse, RPC_ERROR, type ErrorResponse } from "./errors.ts";
export { parseJsonRpc, utf8Length, DEFAULT_MAX_MESSAGE_BYTES, MAX_BATCH_ELEMENTS, type Parsed, type ParseFailure, type ParseOptions } from "./parse.ts";
export { findDuplicateKey, type KeyProblem } from "../../json/index.ts";
/** Deepest nesting of objects and arrays accepted in one MCP message. */
export { DEFAULT_MAX_JSON_DEPTH as MAX_JSON_DEPTH } from "../../json/index.ts";
export { LineSplitter, type Line } from "./line-splitter.ts";
