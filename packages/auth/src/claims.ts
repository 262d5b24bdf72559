import { z } from 'zod';
import { role, SCOPE_LENGTH } from './roles.ts';

/**
 * The platform's claims in an access token, beside the standard ones (iss, aud, sub, exp).
 * `scope_codes` are region codes; `org` an organization id for org_admin; `partner` a partner id.
 */
export const platformClaims = z
  .object({
    roles: z.array(role).min(1),
    scope_codes: z.array(z.string().regex(/^(\d{6}|\d{9}|\d{12})$/)).default([]),
    org: z.string().uuid().nullish(),
    partner: z.string().min(1).nullish(),
  })
  .superRefine((claims, ctx) => {
    for (const r of claims.roles) {
      const length = SCOPE_LENGTH[r];
      if (length === undefined) continue;
      if (!claims.scope_codes.some((code) => code.length === length)) {
        ctx.addIssue({ code: 'custom', path: ['scope_codes'], message: `role ${r} needs a ${length}-digit region code in scope_codes` });
      }
    }
    if (claims.roles.includes('org_admin') && !claims.org) {
      ctx.addIssue({ code: 'custom', path: ['org'], message: 'role org_admin needs the organization id in org' });
    }
    if (claims.roles.includes('partner_agency') && !claims.partner) {
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'role partner_agency needs the partner id in partner' });
    }
  });

export type PlatformClaims = z.infer<typeof platformClaims>;
