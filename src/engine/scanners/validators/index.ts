/**
 * @module Checksum validators a rule can name in `validate:`. Each takes the matched text (or its
 * `secret` group) and returns true when the checksum holds (`not_placeholder`: when the value is not
 * a hand-typed stand-in; `assignment_shape`: when a catch-all assignment's name and value fit the
 * credential they belong to). All are pure and never throw.
 */
import type { ValidatorName } from "../../types.ts";
import { isValidAba } from "./aba.ts";
import { isValidIban } from "./iban.ts";
import { isValidJwt } from "./jwt.ts";
import { isDiscordSnowflake } from "./discord-snowflake.ts";
import { isValidCard } from "./luhn.ts";
import { isValidSsn } from "./ssn.ts";
import { isValidWif } from "./wif.ts";
import { isNotPlaceholder } from "./placeholder.ts";
import { hasAssignmentShape } from "./assignment-shape.ts";

export type Validator = (candidate: string) => boolean;

/** Wrap a validator so that an unexpected exception counts as "not valid" instead of escaping. */
function safe(fn: Validator): Validator {
  return (candidate) => {
    try {
      return fn(candidate);
    } catch {
      return false;
    }
  };
}

export const VALIDATOR_FUNCTIONS: Readonly<Record<ValidatorName, Validator>> = {
  luhn: safe(isValidCard),
  iban: safe(isValidIban),
  aba: safe(isValidAba),
  ssn: safe(isValidSsn),
  wif: safe(isValidWif),
  jwt: safe(isValidJwt),
  discord_snowflake: safe(isDiscordSnowflake),
  not_placeholder: safe(isNotPlaceholder),
  assignment_shape: safe(hasAssignmentShape),
};

export { hasAssignmentShape, isDiscordSnowflake, isNotPlaceholder, isValidAba, isValidCard, isValidIban, isValidJwt, isValidSsn, isValidWif };
