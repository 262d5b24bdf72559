import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../src/local/paths.ts';
import { bucketOf } from '../../src/profile-summary.ts';

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
