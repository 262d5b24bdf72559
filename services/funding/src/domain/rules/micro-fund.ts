import { DomainError } from '@sanshe/service-kit';
import type { FundRow } from '../../db/fund-tables.ts';

/**
 * Seed 000: 先锋路 street's 300,000-yuan micro-fund paid for 1,742 micro-projects and 5,316
 * micro-wishes — tens to hundreds of yuan each. Unless a fund sets its own, a wish may draw at
 * most 500 yuan.
 */
export const DEFAULT_MICRO_WISH_CAP_FEN = 50_000;

export const capOf = (fund: Pick<FundRow, 'microWishCapFen'>) => fund.microWishCapFen ?? DEFAULT_MICRO_WISH_CAP_FEN;

/**
 * A micro-fund pays for wishes of its own street or community only, up to its cap per wish, and
 * only for wishes not yet fulfilled (the money is pledged first and booked at fulfilment).
 */
export function checkPledge(
  fund: Pick<FundRow, 'purpose' | 'regionCode' | 'microWishCapFen'>,
  pledge: { communityCode: string; amountFen: number },
  alreadyFulfilled: boolean,
): void {
  if (fund.purpose !== 'micro_fund') throw new DomainError('RULE_VIOLATION', 'micro-wishes are paid from a micro-fund', 'input.fundId', { purpose: fund.purpose });
  if (!fund.regionCode || !pledge.communityCode.startsWith(fund.regionCode)) {
    throw new DomainError('RULE_VIOLATION', `this micro-fund pays for wishes in ${fund.regionCode ?? 'no region'} only`, 'input.communityCode', {
      fundRegionCode: fund.regionCode,
    });
  }
  const cap = capOf(fund);
  if (pledge.amountFen > cap) throw new DomainError('RULE_VIOLATION', `a micro-wish draws at most ${cap} fen from this fund`, 'input.amountFen', { capFen: cap });
  if (alreadyFulfilled) throw new DomainError('RULE_VIOLATION', 'the micro-wish was fulfilled already; money is pledged before fulfilment', 'input.microWishId');
}

/** Micro-funds belong to a street (9 digits) or a community (12 digits). */
export function checkMicroFundRegion(regionCode: string | null, field = 'input.regionCode'): string {
  if (!regionCode || !/^(\d{9}|\d{12})$/.test(regionCode)) throw new DomainError('BAD_USER_INPUT', 'a micro-fund belongs to a street or a community', field);
  return regionCode;
}
