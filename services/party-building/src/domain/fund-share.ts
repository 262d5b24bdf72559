import { DomainError } from '@sanshe/service-kit';

/** 1 basis point = 0.01 %; 10,000 bp = the whole fund. */
export const WHOLE_FUND_BP = 10_000;

/** Seed 003: Shuguang street plans 3 % of the party service fund for community social organizations. */
export const DEFAULT_FUND_SHARE_BP = 300;

export function checkBasisPoints(basisPoints: number, field = 'input.basisPoints'): void {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > WHOLE_FUND_BP) {
    throw new DomainError('BAD_USER_INPUT', `a share is a whole number of basis points from 0 to ${WHOLE_FUND_BP}`, field);
  }
}

export function checkFundFen(fundFen: number, field = 'fundFen'): void {
  if (!Number.isSafeInteger(fundFen) || fundFen < 0) throw new DomainError('BAD_USER_INPUT', 'a fund is a whole number of fen ≥ 0', field);
}

/**
 * The earmarked amount in fen: fund × basis points / 10,000, rounded DOWN to the fen. Rounding
 * down means the earmark never exceeds the share, and the fen left over stays in the general fund.
 * BigInt: fund × 10,000 passes 2^53 for funds above about 9 × 10^11 fen.
 */
export function earmarkFen(fundFen: number, basisPoints: number): number {
  checkFundFen(fundFen);
  checkBasisPoints(basisPoints, 'basisPoints');
  return Number((BigInt(fundFen) * BigInt(basisPoints)) / BigInt(WHOLE_FUND_BP));
}
