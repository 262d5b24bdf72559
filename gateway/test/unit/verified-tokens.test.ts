import { anonymous } from '@sanshe/service-kit';
import { describe, expect, it } from 'vitest';
import { rememberVerifiedTokens } from '../../src/security/verified-tokens.ts';

describe('verified tokens', () => {
  const token = (exp: number) => `h.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.s`;
  const identity = { ...anonymous, subject: 'u', roles: ['resident'] };

  it('verifies a token once until it expires or a minute passes, and never remembers a failure', async () => {
    let now = 1_000_000;
    let calls = 0;
    const verify = rememberVerifiedTokens(
      async (t) => {
        calls += 1;
        if (t === 'bad') throw new Error('bad');
        return identity;
      },
      { now: () => now, maxAgeMs: 60_000 },
    );
    const long = token(now / 1000 + 3600);
    await verify(long);
    await verify(long);
    expect(calls).toBe(1);
    now += 60_000;
    await verify(long);
    expect(calls).toBe(2);

    const short = token(now / 1000 + 5);
    await verify(short);
    now += 5_000;
    await verify(short);
    expect(calls).toBe(4);

    await expect(verify('bad')).rejects.toThrow('bad');
    await expect(verify('bad')).rejects.toThrow('bad');
    expect(calls).toBe(6);
  });
});
