import type { ApplicationResolvers, ApplicationScoreResolvers, ReviewResolvers, ReviewerResolvers } from '../generated/resolvers-types.ts';
import { scoreOf, toFacts } from '../domain/review-store.ts';
import { exclusionOf } from '../domain/rules/review-scoring.ts';
import { mayReadApplication, mayReadInternal } from '../authorization.ts';
import { iso, isoOrNull, toGraphql } from './enums.ts';

export const Application: ApplicationResolvers = {
  __resolveReference: async (ref, { loaders, identity }) => {
    const application = await loaders.application.load(ref.id);
    return application && mayReadApplication(identity, application) ? application : null;
  },
  round: async (a, _x, { loaders }) => (await loaders.round.load(a.roundId))!,
  organization: (a) => ({ id: a.organizationId }),
  community: (a) => ({ code: a.communityCode }),
  status: (a) => toGraphql(a.status),
  // The panel's scores, comments and conflicts: staff in scope only, not the applicant.
  reviews: (a, _x, { loaders, identity }) => (mayReadInternal(identity, a.communityCode) ? loaders.reviews.load(a.id) : []),
  score: async (a, _x, { loaders }) => scoreOf(a, (await loaders.round.load(a.roundId))!, await loaders.reviews.load(a.id)),
  grant: (a, _x, { loaders }) => loaders.grantOfApplication.load(a.id),
  submittedAt: (a) => iso(a.submittedAt),
  decidedAt: (a) => isoOrNull(a.decidedAt),
};

export const Review: ReviewResolvers = {
  reviewer: (r) => r.reviewer,
  exclusion: (r) => {
    const why = exclusionOf(toFacts(r, r.reviewer), r.applicantOrganizationId);
    return why ? toGraphql(why) : null;
  },
  createdAt: (r) => iso(r.createdAt),
};

export const Reviewer: ReviewerResolvers = {
  linkedOrganizations: (r) => r.linkedOrganizationIds.map((id) => ({ id })),
};

export const ApplicationScore: ApplicationScoreResolvers = {
  countedReviews: (s) => s.counted,
  excludedReviews: (s) => s.excluded,
};
