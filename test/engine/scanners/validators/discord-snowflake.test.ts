import { describe, expect, test } from "bun:test";
import { isDiscordSnowflake } from "../../../../src/engine/scanners/validators/discord-snowflake.ts";

/** A token-shaped string whose first segment is base64url of `id`. */
const token = (id: string) => `${Buffer.from(id).toString("base64url")}.aaPY6V.SXTA49LrHbylIBp7VHmYMqyToCKFhe7ZQiYsdz`;

describe("isDiscordSnowflake", () => {
  const cases: ReadonlyArray<readonly [string, boolean, string]> = [
    [token("198622483471925248"), true, "18-digit id (detect-secrets' sample)"],
    [token("12345678901234567"), true, "17 digits"],
    [token("12345678901234567890"), true, "20 digits"],
    [`${Buffer.from("198622483471925248").toString("base64")}==.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs`, true, "padded first segment"],
    [token("1234567890123456"), false, "16 digits: too short for an id"],
    [token("123456789012345678901"), false, "21 digits: longer than a 64-bit id"],
    [token("012345678901234567"), false, "leading zero"],
    [token("12345678901234567a"), false, "not all digits"],
    ["MZ1yGvKTjE0rY0cV8i47CjAa.uRHQPq.Xb1Mk2nEhe-4iUcrGOuegj57zMC", false, "random base64 of the right shape"],
    ["Mxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false, "placeholder"],
    ["MTk4NjIy!DgzNDcxOTI1MjQ4.Cl2FMQ.x", false, "character outside base64url"],
    ["MTk4", false, "too short"],
    ["", false, "empty"],
  ];
  for (const [input, expected, why] of cases) {
    test(`${why} → ${expected}`, () => expect(isDiscordSnowflake(input)).toBe(expected));
  }
});
