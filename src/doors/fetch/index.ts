/** @module The fetch proxy: `GET /fetch?url=` returns scanned, readable text. */
export { handleFetch, MAX_REDIRECTS } from "./handle-fetch.ts";
export { fetchTarget, type TargetParam } from "./target-param.ts";
