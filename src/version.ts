/** @module Version and build identity, stamped by build.ts through `--define`. */
import pkg from "../package.json" with { type: "json" };

declare const PIPELOCK_BUILD_COMMIT: string | undefined;

export const VERSION: string = pkg.version;
/** Git commit the binary was built from; "dev" when run from source. */
export const BUILD_COMMIT: string = typeof PIPELOCK_BUILD_COMMIT === "string" ? PIPELOCK_BUILD_COMMIT : "dev";
/** Version of the engine contract reported by the Scan API and checked by packs' `requires`. */
export const ENGINE_VERSION = VERSION;
