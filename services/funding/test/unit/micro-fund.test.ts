import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { capOf, checkMicroFundRegion, checkPledge, DEFAULT_MICRO_WISH_CAP_FEN } from '../../src/domain/rules/micro-fund.ts';

const streetFund = { purpose: 'micro_fund' as const, regionCode: '150204001', microWishCapFen: 20_000 };

describe('checkPledge', () => {
  it('pays wishes of its own street or community up to its cap', () => {
    expect(() => checkPledge(streetFund, { communityCode: '150204001002', amountFen: 20_000 }, false)).not.toThrow();
    expect(() => checkPledge({ ...streetFund, regionCode: '150204001002' }, { communityCode: '150204001002', amountFen: 1 }, false)).not.toThrow();
  });

  it('refuses one fen over the cap, another street, another purpose, a fulfilled wish', () => {
    expect(refusal(() => checkPledge(streetFund, { communityCode: '150204001002', amountFen: 20_001 }, false))).toEqual({ code: 'RULE_VIOLATION', field: 'input.amountFen' });
    expect(refusal(() => checkPledge(streetFund, { communityCode: '150204002001', amountFen: 1 }, false))).toEqual({ code: 'RULE_VIOLATION', field: 'input.communityCode' });
    expect(refusal(() => checkPledge({ ...streetFund, regionCode: '150204001001' }, { communityCode: '150204001002', amountFen: 1 }, false)).field).toBe('input.communityCode');
    expect(refusal(() => checkPledge({ ...streetFund, purpose: 'general' }, { communityCode: '150204001002', amountFen: 1 }, false))).toEqual({ code: 'RULE_VIOLATION', field: 'input.fundId' });
    expect(refusal(() => checkPledge(streetFund, { communityCode: '150204001002', amountFen: 1 }, true))).toEqual({ code: 'RULE_VIOLATION', field: 'input.microWishId' });
  });

  it('defaults the cap to 500 yuan', () => {
    expect(capOf({ microWishCapFen: null })).toBe(DEFAULT_MICRO_WISH_CAP_FEN);
    expect(DEFAULT_MICRO_WISH_CAP_FEN).toBe(50_000);
    expect(refusal(() => checkPledge({ ...streetFund, microWishCapFen: null }, { communityCode: '150204001002', amountFen: 50_001 }, false)).field).toBe('input.amountFen');
  });

  it('belongs to a street or a community only', () => {
    expect(checkMicroFundRegion('150204001')).toBe('150204001');
    expect(checkMicroFundRegion('150204001001')).toBe('150204001001');
    for (const bad of [null, '150204', '1502040010', 'street']) expect(refusal(() => checkMicroFundRegion(bad))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.regionCode' });
  });
});
