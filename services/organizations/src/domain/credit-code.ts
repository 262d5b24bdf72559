import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from '@sanshe/events';

/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17.
 *   1     registration authority — 5 for civil affairs (民政)
 *   2     kind within it — 1 社会团体, 2 民办非企业单位/社会服务机构, 3 基金会, 9 other
 *   3–8   administrative division code of the registering authority
 *   9–17  organization code
 *   18    check character
 * The alphabet and check character come from @sanshe/events, shared with the dataset generators
 * so that the codes they make are the codes this accepts.
 */
export { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter };

export const LEGAL_FORM_KIND = { social_group: '1', social_service_agency: '2', foundation: '3' } as const;
export type LegalForm = keyof typeof LEGAL_FORM_KIND;

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
