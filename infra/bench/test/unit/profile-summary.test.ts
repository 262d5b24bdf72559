import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../src/local/paths.ts';
import { bucketOf, samplesOf, type Profile } from '../../src/profile-summary.ts';

describe('profile buckets', () => {
  it('names a package by its folder under node_modules, scoped ones with their scope', () => {
    expect(bucketOf('file:///x/node_modules/.pnpm/graphql@16/node_modules/graphql/execution/execute.js')).toBe('graphql');
    expect(bucketOf('file:///x/node_modules/.pnpm/a/node_modules/@apollo/gateway/dist/index.js')).toBe('@apollo/gateway');
  });

  it("names the repository's own files by their first two folders, wherever the checkout is", () => {
    const url = pathToFileURL(join(REPO_ROOT, 'services', 'organizations', 'src', 'domain', 'dates.ts')).href;
    expect(bucketOf(url)).toBe('services/organizations');
  });

  it('tells node internals and native frames apart', () => {
    expect(bucketOf('node:internal/streams/writable')).toBe('node:internal');
    expect(bucketOf('')).toBe('(native/idle)');
  });
});

describe('profile samples', () => {
  // Samples every 100 µs from 1,000 µs on the profile's clock: at 1,100, 1,200 … 1,600.
  const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0 });
  const profile: Profile = {
    startTime: 1_000,
    nodes: [
      { id: 1, callFrame: frame('start') },
      { id: 2, callFrame: frame('load') },
    ],
    samples: [1, 1, 2, 2, 2, 2],
    timeDeltas: [100, 100, 100, 100, 100, 100],
  };
  const names = (options?: Parameters<typeof samplesOf>[1]) => [...samplesOf(profile, options)].map(({ node }) => node.callFrame.functionName);

  it('gives every sample without options, each with the time it stands for', () => {
    expect([...samplesOf(profile)].map(({ dt }) => dt)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(names()).toEqual(['start', 'start', 'load', 'load', 'load', 'load']);
  });

  it('keeps only the samples taken within a window on the profile clock (what op-costs logs)', () => {
    expect(names({ from: 1_300, to: 1_500 })).toEqual(['load', 'load', 'load']);
    expect(names({ from: 2_000, to: 3_000 })).toEqual([]);
  });

  it('leaves out the first microseconds with skipUs', () => {
    expect(names({ skipUs: 250 })).toEqual(['load', 'load', 'load', 'load']);
  });
});
