import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { microProjects, proposals, type MicroProjectRow, type ProposalRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { microProjectLifecycle } from './lifecycles.ts';
import { lockById, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { optionalText, optionalUuid, text, wholeNumber } from './validation.ts';

/**
 * 微项目 (seed 000: 1,742 of them in 13 categories on a 30万 micro-fund): planned — often out of a
 * resolved 五议 proposal — started, completed with the residents served, or cancelled.
 */

/** Micro-projects are small: at most 100,000 yuan each. */
export const MAX_MICRO_PROJECT_FEN = 10_000_000;

export async function planMicroProject(
  db: Db,
  input: {
    communityCode: string;
    title: string;
    category: MicroProjectRow['category'];
    summary: string;
    budgetFen: number;
    proposalId?: string | null;
    organizationId?: string | null;
  },
  access: WriteAccess,
) {
  const title = text(input.title, 'input.title', { min: 2, max: 200 });
  const summary = text(input.summary, 'input.summary', { max: 2000 });
  const budgetFen = wholeNumber(input.budgetFen, 'input.budgetFen', { max: MAX_MICRO_PROJECT_FEN });
  const proposalId = optionalUuid(input.proposalId, 'input.proposalId', 'proposal');
  const organizationId = optionalUuid(input.organizationId, 'input.organizationId', 'organization');
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (proposalId) {
      const proposal = await lockById<ProposalRow>(tx, proposals, proposalId, 'input.proposalId', 'proposal');
      if (proposal.communityCode !== input.communityCode) throw new DomainError('RULE_VIOLATION', 'the proposal belongs to another community', 'input.proposalId');
      if (proposal.stage !== 'resolved' && proposal.stage !== 'evaluated') {
        throw new DomainError('RULE_VIOLATION', 'a micro-project carries out a resolved proposal (决议 passed)', 'input.proposalId', {
          currentStage: proposal.stage.toUpperCase(),
        });
      }
    }
    const [row] = await tx
      .insert(microProjects)
      .values({ communityCode: input.communityCode, title, category: input.category, summary, budgetFen, proposalId, organizationId })
      .returning();
    await recordEvent(
      tx,
      contracts.microProjectPlanned,
      { microProjectId: row!.id, communityCode: row!.communityCode, category: row!.category, budgetFen, proposalId, organizationId },
      { subject: row!.id },
    );
    await access.audit(tx, 'MicroProject', row!.id);
    return row!;
  });
}

type Action = 'start' | 'complete' | 'cancel';
const EVENT = { start: contracts.microProjectStarted, complete: contracts.microProjectCompleted, cancel: contracts.microProjectCancelled } as const;

export async function moveMicroProject(
  db: Db,
  action: Action,
  input: { microProjectId: string; beneficiaryCount?: number | null; note?: string | null },
  access: WriteAccess,
) {
  const beneficiaryCount =
    action === 'complete' ? wholeNumber(input.beneficiaryCount ?? -1, 'input.beneficiaryCount', { max: 10_000_000 }) : null;
  const note = action === 'cancel' ? text(input.note ?? '', 'input.reason', { max: 1000 }) : optionalText(input.note, 'input.note', { max: 1000 });
  return db.transaction(async (tx) => {
    const project = await lockById<MicroProjectRow>(tx, microProjects, input.microProjectId, 'input.microProjectId', 'micro-project');
    // The implementing organization's administrator may start and complete it (the rule table says which).
    access.allow({ regionCode: project.communityCode, organizationId: project.organizationId }, 'input.microProjectId');
    const status = microProjectLifecycle.apply(project.status, action, 'input.microProjectId');
    const at = new Date();
    const changes = action === 'start' ? { status, startedAt: at } : { status, closedAt: at, closingNote: note, beneficiaryCount };
    const [row] = await tx.update(microProjects).set(changes).where(eq(microProjects.id, project.id)).returning();
    await recordEvent(
      tx,
      EVENT[action],
      { microProjectId: project.id, communityCode: project.communityCode, beneficiaryCount, at: at.toISOString() },
      { subject: project.id },
    );
    await access.audit(tx, 'MicroProject', project.id);
    return row!;
  });
}

export interface MicroProjectFilter {
  within?: string | null;
  communityCode?: string;
  status?: MicroProjectRow['status'] | null;
  category?: MicroProjectRow['category'] | null;
}

export const listMicroProjects = (db: Db, filter: MicroProjectFilter, args: PageArgs) =>
  tablePage(
    db,
    microProjects,
    { time: microProjects.createdAt, id: microProjects.id, direction: 'desc' },
    and(
      withinFilter(microProjects.communityCode, filter.within),
      optionalEq(microProjects.communityCode, filter.communityCode),
      optionalEq(microProjects.status, filter.status),
      optionalEq(microProjects.category, filter.category),
    ),
    args,
  );
