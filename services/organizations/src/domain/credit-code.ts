/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17.
 *   1     registration authority — 5 for civil affairs (民政)
 *   2     kind within it — 1 社会团体, 2 民办非企业单位/社会服务机构, 3 基金会, 9 other
 *   3–8   administrative division code of the registering authority
 *   9–17  organization code
 *   18    check character
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const LEGAL_FORM_KIND = { social_group: '1', social_service_agency: '2', foundation: '3' } as const;
export type LegalForm = keyof typeof LEGAL_FORM_KIND;

export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`not a credit-code character: ${first17[i]}`);
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check]!;
}

export type CreditCodeProblem =
  | 'length'
  | 'alphabet'
  | 'check_character'
  | 'not_civil_affairs'
  | 'legal_form_mismatch';

/** Null when valid, else the first problem found. */
export function creditCodeProblem(code: string, legalForm?: LegalForm): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'alphabet';
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) return 'check_character';
  if (code[0] !== '5') return 'not_civil_affairs';
  if (legalForm && code[1] !== LEGAL_FORM_KIND[legalForm] && code[1] !== '9') return 'legal_form_mismatch';
  return null;
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: 'a unified social credit code has 18 characters',
  alphabet: 'a unified social credit code uses digits and capital letters except I, O, S, V and Z',
  check_character: 'the check character (18th) does not match the first 17 characters',
  not_civil_affairs: 'a social organization’s code is issued by civil affairs and begins with 5',
  legal_form_mismatch: 'the second character does not match the legal form (1 社会团体, 2 社会服务机构, 3 基金会)',
};
