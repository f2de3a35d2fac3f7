/** @module Assembling the live policy: config + rule packs → one CompiledPolicy. */
export { buildPolicy, toSettings, customId, type PolicyBuild, type PolicyOptions, type PolicyResult } from "./build-policy.ts";
