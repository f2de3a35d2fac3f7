/**
 * @module Private keys in text: BIP-32 extended private keys (xprv/tprv/yprv/zprv/uprv/vprv and the
 * multisig Yprv/Zprv/Uprv/Vprv, Base58Check with known version bytes), WIF keys (the shared
 * validator), BIP-38 encrypted keys (`6P…`, Base58Check with prefix 0x0142/0x0143) and raw 64-hex
 * keys in a key context. Candidates are alphanumeric runs, so no regex ever sees the whole body.
 */
import { isValidWif } from "../validators/index.ts";
import { alnumRuns, type AlnumRun } from "./alnum-runs.ts";
import { base58CheckDecode } from "./base58check.ts";
import { contextBefore, isKeyContext, looksRandomHex } from "./hex-key-context.ts";

export type PrivateKeyKind = "extended_private_key" | "wif_private_key" | "bip38_encrypted_key" | "hex_private_key";

export interface PrivateKeyMatch {
  readonly kind: PrivateKeyKind;
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** Short, secret-free description (`xprv`, `mainnet WIF`, `BIP-38 EC-multiplied`, …). */
  readonly detail: string;
}

/** Shortest / longest run worth decoding (WIF 51, xprv 111). */
export const MIN_KEY_CHARS = 51;
export const MAX_KEY_CHARS = 112;
/** Most keys reported per text. */
export const MAX_KEY_MATCHES = 16;

/** BIP-32 private version bytes (SLIP-132) → prefix. */
const XPRV_VERSIONS: ReadonlyMap<number, string> = new Map([
  [0x0488ade4, "xprv"], [0x04358394, "tprv"], [0x049d7878, "yprv"], [0x04b2430c, "zprv"],
  [0x044a4e28, "uprv"], [0x045f18bc, "vprv"], [0x0295b005, "Yprv"], [0x02aa7a99, "Zprv"],
  [0x024285b5, "Uprv"], [0x02575048, "Vprv"],
]);
const XPRV_PAYLOAD_BYTES = 78;
/** Byte 45 of an extended private key is the 0x00 that pads the 32-byte key. */
const XPRV_KEY_PAD_OFFSET = 45;
const BIP38_PAYLOAD_BYTES = 39;
const HEX64 = /^(?:0[xX])?[0-9a-fA-F]{64}$/;

/** All private keys in `text` (optionally among precomputed alphanumeric runs), at most {@link MAX_KEY_MATCHES}. */
export function findPrivateKeys(text: string, runs: readonly AlnumRun[] = alnumRuns(text, MIN_KEY_CHARS, MAX_KEY_CHARS)): PrivateKeyMatch[] {
  const out: PrivateKeyMatch[] = [];
  for (const run of runs) {
    if (out.length >= MAX_KEY_MATCHES) break;
    if (run.end - run.start < MIN_KEY_CHARS || run.end - run.start > MAX_KEY_CHARS) continue;
    const value = text.slice(run.start, run.end);
    const match = classify(text, value, run.start);
    if (match !== undefined) out.push({ ...match, start: run.start, end: run.end, value });
  }
  return out;
}

type Classified = Pick<PrivateKeyMatch, "kind" | "detail">;

function classify(text: string, value: string, start: number): Classified | undefined {
  const n = value.length;
  if (n >= 110 && /^[xtyzuvXYZUV]prv/.test(value)) return extendedKey(value);
  if ((n === 51 || n === 52) && "5KL9c".includes(value[0]!) && isValidWif(value)) {
    return { kind: "wif_private_key", detail: value[0] === "9" || value[0] === "c" ? "testnet WIF" : "mainnet WIF" };
  }
  if (n === 58 && value.startsWith("6P")) return bip38(value);
  if ((n === 64 || n === 66) && HEX64.test(value)) return hexKey(text, value, start);
  return undefined;
}

function extendedKey(value: string): Classified | undefined {
  const decoded = base58CheckDecode(value);
  if (!decoded.ok || decoded.payload.length !== XPRV_PAYLOAD_BYTES) return undefined;
  const p = decoded.payload;
  const version = ((p[0]! << 24) | (p[1]! << 16) | (p[2]! << 8) | p[3]!) >>> 0;
  const prefix = XPRV_VERSIONS.get(version);
  if (prefix === undefined || p[XPRV_KEY_PAD_OFFSET] !== 0) return undefined;
  return { kind: "extended_private_key", detail: prefix };
}

function bip38(value: string): Classified | undefined {
  const decoded = base58CheckDecode(value);
  if (!decoded.ok || decoded.payload.length !== BIP38_PAYLOAD_BYTES || decoded.payload[0] !== 0x01) return undefined;
  const type = decoded.payload[1];
  if (type === 0x42) return { kind: "bip38_encrypted_key", detail: "BIP-38" };
  if (type === 0x43) return { kind: "bip38_encrypted_key", detail: "BIP-38 EC-multiplied" };
  return undefined;
}

function hexKey(text: string, value: string, start: number): Classified | undefined {
  const prefixed = value.length === 66;
  const hex = prefixed ? value.slice(2) : value;
  if (prefixed && value[1] !== "x" && value[1] !== "X") return undefined;
  if (!isKeyContext(contextBefore(text, start), prefixed) || !looksRandomHex(hex)) return undefined;
  return { kind: "hex_private_key", detail: prefixed ? "0x-prefixed hex" : "hex" };
}
