/**
 * @module Recognising a blockchain address and reducing it to a compare key. Shape decides the chain
 * (ETH `0x`+40 hex, BTC legacy base58 / `bc1` segwit, BNB `bnb1`, SOL 32-byte base58); the checksum
 * decides `valid`. Compare keys drop what every address of the chain shares (`0x`, `bc1`, `bnb1`)
 * and fold case where case carries no meaning, so look-alikes are compared on the part a person
 * actually eyeballs.
 */
import { base58ByteLength, base58CheckDecode } from "./base58check.ts";
import { bech32Decode, fromWords } from "./bech32.ts";
import { eip55Status } from "./eip55.ts";
import type { Chain } from "./settings.ts";

export interface ParsedAddress {
  readonly chain: Chain;
  /** The address as written. */
  readonly text: string;
  /** What look-alikes are compared on. */
  readonly key: string;
  /** Checksum holds (always true for SOL, which has none). */
  readonly valid: boolean;
}

/** Shortest and longest alphanumeric run that can be an address. */
export const MIN_ADDRESS_CHARS = 25;
export const MAX_ADDRESS_CHARS = 90;

const BTC_LEGACY_VERSIONS: ReadonlySet<number> = new Set([0x00, 0x05]);
const BTC_LEGACY_BYTES = 21;
const SOL_BYTES = 32;
const WITNESS_PROGRAM_MIN = 2;
const WITNESS_PROGRAM_MAX = 40;
const BNB_BYTES = 20;

/** Parse one alphanumeric token; undefined when it is not address-shaped. Never throws. */
export function parseAddress(token: string): ParsedAddress | undefined {
  try {
    return parse(token);
  } catch {
    return undefined;
  }
}

function parse(token: string): ParsedAddress | undefined {
  const n = token.length;
  if (n < MIN_ADDRESS_CHARS || n > MAX_ADDRESS_CHARS) return undefined;
  const head = token.slice(0, 4).toLowerCase();
  if (n === 42 && head.startsWith("0x")) return parseEth(token);
  if (head === "bnb1") return parseBech32(token, "bnb");
  if (head.startsWith("bc1") || head.startsWith("tb1")) return parseBech32(token, "btc");
  return parseBase58(token);
}

function parseEth(token: string): ParsedAddress | undefined {
  const hex = token.slice(2);
  const status = eip55Status(hex);
  if (status === "invalid" && !/^[0-9a-fA-F]{40}$/.test(hex)) return undefined;
  return { chain: "eth", text: token, key: hex.toLowerCase(), valid: status !== "invalid" };
}

function parseBech32(token: string, chain: "btc" | "bnb"): ParsedAddress | undefined {
  const decoded = bech32Decode(token);
  if (decoded === undefined) return undefined;
  const lower = token.toLowerCase();
  const key = lower.slice(decoded.hrp.length + 1);
  if (chain === "bnb") {
    if (decoded.hrp !== "bnb") return undefined;
    const bytes = decoded.variant === "bech32" ? fromWords(decoded.data) : undefined;
    return { chain, text: token, key, valid: bytes?.length === BNB_BYTES };
  }
  if (decoded.hrp !== "bc" && decoded.hrp !== "tb") return undefined;
  return { chain, text: token, key, valid: validSegwit(decoded.data, decoded.variant) };
}

function validSegwit(data: readonly number[], variant: "bech32" | "bech32m" | undefined): boolean {
  if (variant === undefined || data.length === 0) return false;
  const version = data[0]!;
  if (version > 16) return false;
  if ((version === 0) !== (variant === "bech32")) return false;
  const program = fromWords(data.slice(1));
  if (program === undefined || program.length < WITNESS_PROGRAM_MIN || program.length > WITNESS_PROGRAM_MAX) return false;
  return version !== 0 || program.length === 20 || program.length === 32;
}

function parseBase58(token: string): ParsedAddress | undefined {
  const first = token[0];
  if ((first === "1" || first === "3") && token.length <= 35) {
    const decoded = base58CheckDecode(token);
    const payload = decoded.payload;
    if (payload !== undefined && payload.length === BTC_LEGACY_BYTES && BTC_LEGACY_VERSIONS.has(payload[0]!)) {
      return { chain: "btc", text: token, key: token, valid: decoded.ok };
    }
  }
  if (token.length >= 32 && token.length <= 44 && base58ByteLength(token) === SOL_BYTES) {
    return { chain: "sol", text: token, key: token, valid: true };
  }
  return undefined;
}
