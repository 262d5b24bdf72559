import type { Resolvers } from '../generated/resolvers-types.ts';
import { Application, ApplicationScore, Review, Reviewer } from './application.ts';
import { Community, CommunityFunding, MoneyByRegion, Organization, ProgrammeMoney, RegionStatistics } from './entities.ts';
import { Fen } from '@sanshe/service-kit';
import { Fund, LedgerEntry, LedgerTransaction } from './fund.ts';
import { Grant, GrantEvaluation, MicroWishPledge, Tranche } from './grant.ts';
import { Mutation } from './mutation.ts';
import { CatalogueItem, EligibilityRule, FundingRound, Programme } from './programme.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = {
  Fen,
  Query,
  Mutation,
  Fund,
  LedgerTransaction,
  LedgerEntry,
  Programme,
  CatalogueItem,
  FundingRound,
  EligibilityRule,
  Application,
  Review,
  Reviewer,
  ApplicationScore,
  Grant,
  Tranche,
  GrantEvaluation,
  MicroWishPledge,
  Community,
  CommunityFunding,
  Organization,
  MoneyByRegion,
  ProgrammeMoney,
  RegionStatistics,
};
