import { DomainError } from '@sanshe/service-kit';
import type { CatalogueItemRow, ApplicationRow, ProgrammeRow } from '../../db/programme-tables.ts';
import type { ScoreResult } from './review-scoring.ts';

/** An application is awarded once, after enough reviews that count, with a passing score, at most what it asked. */
export function checkApplicationAwardable(application: Pick<ApplicationRow, 'status' | 'requestedFen'>, score: ScoreResult, minReviewers: number, amountFen: number): void {
  if (application.status === 'awarded') throw new DomainError('CONFLICT', 'the application was already awarded', 'input.applicationId');
  if (application.status !== 'submitted') throw new DomainError('RULE_VIOLATION', `the application is ${application.status}`, 'input.applicationId');
  if (!score.meetsMinimum) {
    throw new DomainError('RULE_VIOLATION', `the application needs ${minReviewers} reviews that count; it has ${score.counted}`, 'input.applicationId', {
      countedReviews: score.counted,
      minReviewers,
    });
  }
  if (!score.passes) throw new DomainError('RULE_VIOLATION', `the final score ${score.finalScore} is below the passing score`, 'input.applicationId', { finalScore: score.finalScore });
  if (amountFen > application.requestedFen) {
    throw new DomainError('RULE_VIOLATION', `an award is at most the ${application.requestedFen} fen asked for`, 'input.amountFen', { requestedFen: application.requestedFen });
  }
}

/**
 * Purchase of services buys from its catalogue (目录): once a programme has one, each grant names
 * an item of it and stays within the item's price ceiling.
 */
export function checkCatalogue(
  programme: Pick<ProgrammeRow, 'id' | 'kind'>,
  catalogueSize: number,
  item: Pick<CatalogueItemRow, 'programmeId' | 'ceilingFen' | 'code'> | null,
  amountFen: number,
): void {
  if (item === null) {
    if (programme.kind === 'purchase_of_services' && catalogueSize > 0) {
      throw new DomainError('RULE_VIOLATION', 'this programme buys services from its catalogue: name a catalogue item', 'input.catalogueItemId');
    }
    return;
  }
  if (item.programmeId !== programme.id) throw new DomainError('RULE_VIOLATION', `catalogue item ${item.code} belongs to another programme`, 'input.catalogueItemId');
  if (item.ceilingFen !== null && amountFen > item.ceilingFen) {
    throw new DomainError('RULE_VIOLATION', `catalogue item ${item.code} is bought for at most ${item.ceilingFen} fen`, 'input.amountFen', { ceilingFen: item.ceilingFen });
  }
}

/** Purchased social-work posts (购买社会工作岗位) say how many posts; other grants do not. */
export function checkPosts(kind: ProgrammeRow['kind'], posts: number | null | undefined): number | null {
  if (kind === 'social_work_posts') {
    if (!Number.isInteger(posts) || posts! < 1 || posts! > 500) throw new DomainError('BAD_USER_INPUT', 'a post purchase buys 1 to 500 posts', 'input.socialWorkPosts');
    return posts!;
  }
  if (posts != null) throw new DomainError('BAD_USER_INPUT', 'only social-work post programmes buy posts', 'input.socialWorkPosts');
  return null;
}
