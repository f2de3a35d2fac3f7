/**
 * @module Checksum validators a rule can name in `validate:`. Each takes the matched text (or its
 * `secret` group) and returns true when the checksum holds.
 */
import type { ValidatorName } from "../../types.ts";
import { isValidCard } from "./luhn.ts";

export type Validator = (candidate: string) => boolean;

export const VALIDATOR_FUNCTIONS: Readonly<Record<ValidatorName, Validator>> = {
  luhn: isValidCard,
};
