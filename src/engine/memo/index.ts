/** @module Bounded caches of pure answers (see bounded-memo.ts). */
export { BoundedMemo, perOwner } from "./bounded-memo.ts";
