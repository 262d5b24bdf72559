/**
 * Check characters of the two national identifiers the platform handles. The one implementation
 * of each: the services' validators and infra's dataset generators both use these, so a generated
 * identifier is valid exactly when a service would accept it. Kept here, in the package with no
 * workspace dependencies, so that anything can import it without a dependency cycle.
 */

/** base^exponent mod modulus: both standards define their weights as powers, reduced. */
function powerMod(base: number, exponent: number, modulus: number): number {
  let result = 1;
  for (let k = 0; k < exponent; k += 1) result = (result * base) % modulus;
  return result;
}

// GB 11643-1999 (resident ID number): the weight of the i-th of the first 17 digits (from 0) is
// 2^(17−i) mod 11; Σ(digit × weight) mod 11 indexes "10X98765432".
const RESIDENT_ID_WEIGHTS = Array.from({ length: 17 }, (_, i) => powerMod(2, 17 - i, 11));
const RESIDENT_ID_CHECK = '10X98765432';

/** The 18th character of a resident ID number whose first 17 characters are `first17`. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters of a resident ID are digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return RESIDENT_ID_CHECK[sum % 11]!;
}

/**
 * GB 32100-2015 (unified social credit code): 31 characters, digits and capitals without I, O, S,
 * V and Z (they read like 1, 0, 5, U and 2); a character's value is its place here.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// The weight of the i-th of the first 17 characters (from 0) is 3^i mod 31.
const CREDIT_CODE_WEIGHTS = Array.from({ length: 17 }, (_, i) => powerMod(3, i, 31));

/** The 18th character of a unified social credit code: value (31 − Σ(value × weight) mod 31) mod 31. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('a credit code’s check character is computed over 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new RangeError(`not a credit-code character: ${first17[i]}`);
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}
