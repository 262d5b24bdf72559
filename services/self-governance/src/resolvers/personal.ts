import { maskIdNumber, maskName, maskPhone, revealPersonal } from '@sanshe/service-kit';
import type { DisputePartyResolvers, MicroWishClaimantResolvers, ProposalProposerResolvers, ResidentContactResolvers } from '../generated/resolvers-types.ts';
import type { Context } from '../context.ts';

/**
 * Every @personal field of schema.graphql resolves here, through `revealPersonal`: unmasked — and
 * the read written to the audit log — when the caller's role and scope cover the record's
 * community (district, street and community staff and social workers within their scope), masked
 * otherwise. test/authorization/ fails when a @personal field has no case there.
 *
 * The audit lines of one request go out in one statement (`loaders.personalDataAudit`), so a page
 * of 100 needs costs one insert, not 200.
 */

/** Where a personal value sits: the record's community decides who may see it. */
export interface PersonalSource {
  communityCode: string;
  entity: string;
  entityId: string;
}

export function reveal<T extends string | null>(ctx: Context, value: T, source: PersonalSource, field: string, mask: (value: string) => string): Promise<T> {
  return revealPersonal({ identity: ctx.identity, db: ctx.loaders.personalDataAudit }, value, {
    regionCode: source.communityCode,
    mask,
    entity: source.entity,
    entityId: source.entityId,
    field,
  }) as Promise<T>;
}

export const ResidentContact: ResidentContactResolvers = {
  name: (c, _args, ctx) => reveal(ctx, c.name, c, `${c.field}.name`, maskName),
  phone: (c, _args, ctx) => reveal(ctx, c.phone, c, `${c.field}.phone`, maskPhone),
};

/** A party's data is audited against its dispute (the id an auditor can look up): `Dispute.parties.name`. */
const dispute = (p: { disputeId: string; communityCode: string }): PersonalSource => ({ communityCode: p.communityCode, entity: 'Dispute', entityId: p.disputeId });

export const DisputeParty: DisputePartyResolvers = {
  name: (p, _args, ctx) => reveal(ctx, p.name, dispute(p), 'parties.name', maskName),
  phone: (p, _args, ctx) => reveal(ctx, p.phone, dispute(p), 'parties.phone', maskPhone),
  idNumber: (p, _args, ctx) => reveal(ctx, p.idNumber, dispute(p), 'parties.idNumber', maskIdNumber),
};

/** A resident's name when a resident proposed; a body's name (committee, organization …) is not personal. */
export const proposerLabel: ProposalProposerResolvers['label'] = (row, _args, ctx) =>
  row.proposerKind === 'resident'
    ? reveal(ctx, row.proposerLabel, { communityCode: row.communityCode, entity: 'Proposal', entityId: row.id }, 'proposer.label', maskName)
    : row.proposerLabel;

/** A volunteer's or party member's name is personal; an organization's is not. */
export const claimantLabel: MicroWishClaimantResolvers['label'] = (row, _args, ctx) =>
  row.claimantKind !== 'organization'
    ? reveal(ctx, row.claimantLabel, { communityCode: row.communityCode, entity: 'MicroWish', entityId: row.id }, 'claimant.label', maskName)
    : row.claimantLabel;
