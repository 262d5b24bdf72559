/**
 * `pnpm token <role> [--org <id>] [--scope <code>]`: a bearer token for a demo user, signed by
 * the development issuer that `pnpm start` runs (key in .local/auth). For example:
 *
 *   curl -H "authorization: Bearer $(pnpm -s token street_office)" http://localhost:4000/graphql …
 */
import { join } from 'node:path';
import { createDevSigner, DEMO_USERS, DEV_ISSUER_PORT, platformClaims } from '@sanshe/auth';
import { repoRoot } from './services.ts';

const [role, ...rest] = process.argv.slice(2);
const option = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const base = role ? DEMO_USERS[role] : undefined;
if (!base && role !== 'org_admin') {
  console.error(`usage: pnpm token <${[...Object.keys(DEMO_USERS), 'org_admin'].join('|')}> [--org <organization id>] [--scope <region code>]`);
  process.exit(2);
}
const claims = platformClaims.safeParse({
  ...(base ?? { roles: ['org_admin'], scope_codes: [] }),
  ...(option('scope') ? { scope_codes: [option('scope')] } : {}),
  ...(option('org') ? { org: option('org') } : {}),
});
if (!claims.success) {
  console.error(claims.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  process.exit(2);
}
const signer = await createDevSigner(join(repoRoot, '.local', 'auth', 'dev-key.json'), `http://127.0.0.1:${DEV_ISSUER_PORT}`);
console.log(await signer.mint(base?.subject ?? `demo-org-admin-${option('org')}`, claims.data));
