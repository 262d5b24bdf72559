import { describe, expect, it } from 'vitest';
import { EnvironmentError, parseEnvironment, vars, z } from '../../src/index.ts';

const sections = {
  server: z.object({ PORT: vars.port(4000), SUBGRAPH_SECRET: vars.secret() }),
  database: z.object({ DATABASE_URL: vars.url() }),
  flags: z.object({ RELAY_ENABLED: vars.bool(true) }),
};

describe('parseEnvironment', () => {
  it('applies defaults and coerces', () => {
    const env = parseEnvironment(sections, { SUBGRAPH_SECRET: 'x'.repeat(16), DATABASE_URL: 'postgres://h/db', RELAY_ENABLED: 'false' });
    expect(env).toEqual({
      server: { PORT: 4000, SUBGRAPH_SECRET: 'x'.repeat(16) },
      database: { DATABASE_URL: 'postgres://h/db' },
      flags: { RELAY_ENABLED: false },
    });
  });

  it('reports every problem at once, naming each variable', () => {
    let error: EnvironmentError | undefined;
    try {
      parseEnvironment(sections, { PORT: '99999', SUBGRAPH_SECRET: 'short', DATABASE_URL: '' }, { exitOnError: false });
    } catch (e) {
      error = e as EnvironmentError;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const variables = error!.problems.map((p) => p.split(':')[0]);
    expect(variables.sort()).toEqual(['DATABASE_URL', 'PORT', 'SUBGRAPH_SECRET']);
    expect(error!.problems.find((p) => p.startsWith('DATABASE_URL'))).toMatch(/not set/);
  });
});
