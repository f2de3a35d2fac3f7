/** @module Test helper: the built-in injection pack, loaded the way the proxy loads it, and its scanner. */
import { compileInjectionScanner, type InjectionScanner } from "../../../../src/engine/scanners/injection/index.ts";
import type { RuleDefinition } from "../../../../src/engine/index.ts";
import { BUILTIN_PACKS, loadPackText, type LoadedPack } from "../../../../src/rules/index.ts";

const embedded = BUILTIN_PACKS.find((p) => p.file === "rules/injection.yaml");
if (!embedded) throw new Error("built-in injection pack missing");
const loaded = loadPackText(embedded.text, embedded.file, "builtin");
if (!loaded.ok) throw new Error(`injection pack does not load: ${loaded.issues[0]?.message}`);

export const injectionPack: LoadedPack = loaded.pack;
const definitions = new Map<string, RuleDefinition>(injectionPack.spec.rules.map((r) => [r.id, r as RuleDefinition]));
export const definitionOf = (id: string): RuleDefinition | undefined => definitions.get(id);

/** The scanner over the whole built-in pack (variants compiled eagerly, so a bad one shows). */
export const scanner: InjectionScanner = compileInjectionScanner(injectionPack.rules, { definitionOf });

export const scanText = (text: string) => scanner.scan(text, { location: "content" });
