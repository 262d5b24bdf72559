import { EnvironmentError } from '@sanshe/env';
import { describe, expect, it } from 'vitest';
import { loadServiceEnvironment } from '../../src/environment.ts';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', SUBGRAPH_SECRET: 'a-secret-of-16-chars-or-more' };
const load = (extra: Record<string, string>) => loadServiceEnvironment(4000, { ...base, ...extra }, { exitOnError: false });
const problems = (extra: Record<string, string>) => {
  try {
    load(extra);
  } catch (error) {
    return (error as EnvironmentError).problems;
  }
  return [];
};

describe('service environment: NATS credentials', () => {
  it('connects anonymously when neither is set (a bare development nats-server)', () => {
    const env = load({});
    expect(env.nats.NATS_USER).toBeUndefined();
    expect(env.nats.NATS_PASSWORD).toBeUndefined();
  });

  it('takes the platform user and its password together', () => {
    expect(load({ NATS_USER: 'platform', NATS_PASSWORD: 'pw' }).nats).toMatchObject({ NATS_USER: 'platform', NATS_PASSWORD: 'pw' });
  });

  it('refuses one without the other, naming the missing variable, alongside every other problem', () => {
    expect(problems({ NATS_USER: 'platform' })).toEqual(['NATS_PASSWORD: is required (not set)']);
    expect(problems({ NATS_PASSWORD: 'pw', PORT: 'x' })).toEqual(expect.arrayContaining(['NATS_USER: is required (not set)', expect.stringMatching(/^PORT: /)]));
  });
});

describe('service environment: inbox retention', () => {
  it('keeps an applied event’s row 35 days unless told otherwise', () => {
    expect(load({}).nats.INBOX_RETENTION_DAYS).toBe(35);
    expect(load({ INBOX_RETENTION_DAYS: '90' }).nats.INBOX_RETENTION_DAYS).toBe(90);
  });

  it('refuses a retention the stream outlives: a redelivered event would find no row', () => {
    expect(problems({ INBOX_RETENTION_DAYS: '30' })).toEqual([expect.stringMatching(/^INBOX_RETENTION_DAYS: must exceed the stream's 30 days/)]);
    expect(problems({ INBOX_RETENTION_DAYS: '0' })).toEqual([expect.stringMatching(/^INBOX_RETENTION_DAYS: /)]);
  });
});
