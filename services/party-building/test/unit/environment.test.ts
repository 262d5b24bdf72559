import { EnvironmentError } from '@sanshe/env';
import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment.ts';

const base = { SUBGRAPH_SECRET: 'a-secret-of-16-chars-or-more', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/party_building' };

describe('party-building environment', () => {
  it('defaults the subsidy to 3,000 yuan and the fund share to 3 % (300 bp)', () => {
    const env = loadEnvironment(base, { exitOnError: false });
    expect(env.rules).toEqual({ JOINT_BRANCH_SUBSIDY_FEN: 300_000, PARTY_SERVICE_FUND_SHARE_BP: 300 });
    expect(loadEnvironment({ ...base, PARTY_SERVICE_FUND_SHARE_BP: '' }, { exitOnError: false }).rules.PARTY_SERVICE_FUND_SHARE_BP).toBe(300);
  });

  it('takes a district’s own default share from 0 to 10,000 bp', () => {
    expect(loadEnvironment({ ...base, PARTY_SERVICE_FUND_SHARE_BP: '0' }, { exitOnError: false }).rules.PARTY_SERVICE_FUND_SHARE_BP).toBe(0);
    expect(loadEnvironment({ ...base, PARTY_SERVICE_FUND_SHARE_BP: '10000' }, { exitOnError: false }).rules.PARTY_SERVICE_FUND_SHARE_BP).toBe(10_000);
    for (const value of ['10001', '-1', '2.5', 'three']) {
      let caught: unknown;
      try {
        loadEnvironment({ ...base, PARTY_SERVICE_FUND_SHARE_BP: value }, { exitOnError: false });
      } catch (error) {
        caught = error;
      }
      expect(caught, value).toBeInstanceOf(EnvironmentError);
      expect((caught as EnvironmentError).problems.map((p) => p.split(':')[0])).toEqual(['PARTY_SERVICE_FUND_SHARE_BP']);
    }
  });
});
