import { organizations as contracts } from '@sanshe/events';
import { desc, eq } from 'drizzle-orm';
import { recordEvent, districtDate } from '@sanshe/service-kit';
import { annualInspections, evaluationGrades } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { Caller } from '../authorization.ts';
import { awardGrade } from './grading.ts';
import { checkInspection } from './inspection.ts';
import { applyTransition } from './lifecycle-store.ts';
import { refOf } from './organization-refs.ts';

/** The yearly annual report / inspection (年检/年报): one per organization and year. */
export function recordAnnualInspection(db: Db, caller: Caller, id: string, input: { year: number; result: string }) {
  return applyTransition(
    db,
    caller,
    id,
    'inspect',
    async (tx, row) => {
      const { year, result } = checkInspection(input, { today: districtDate(), establishedOn: row.establishedOn });
      await tx.insert(annualInspections).values({ organizationId: row.id, year, result });
      return { emit: (tx2, updated) => recordEvent(tx2, contracts.organizationInspected, { ...refOf(updated), year, result }, { subject: updated.id }) };
    },
    { annual_inspections_org_year_key: 'year' },
  );
}

/** An evaluation (等级评估): the grade follows from the score and is valid five years. */
export function gradeOrganization(db: Db, caller: Caller, id: string, input: { score: number; gradedOn: string }) {
  return applyTransition(db, caller, id, 'grade', async (tx, row) => {
    const [lastInspection] = await tx
      .select({ year: annualInspections.year, result: annualInspections.result })
      .from(annualInspections)
      .where(eq(annualInspections.organizationId, row.id))
      .orderBy(desc(annualInspections.year))
      .limit(1);
    const [latest] = await tx
      .select({ gradedOn: evaluationGrades.gradedOn })
      .from(evaluationGrades)
      .where(eq(evaluationGrades.organizationId, row.id))
      .orderBy(desc(evaluationGrades.gradedOn))
      .limit(1);
    const award = awardGrade({ ...input, latestGradedOn: latest?.gradedOn ?? null, lastInspection: lastInspection ?? null });
    await tx.insert(evaluationGrades).values({ organizationId: row.id, ...award });
    return {
      changes: { grade: award.grade, gradeValidUntil: award.validUntil },
      emit: (tx2, updated) =>
        recordEvent(
          tx2,
          contracts.organizationGraded,
          { ...refOf(updated), grade: award.grade, score: award.score, validUntil: award.validUntil },
          { subject: updated.id },
        ),
    };
  });
}
