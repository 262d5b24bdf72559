import { selfGovernance as contracts } from '@sanshe/events';
import { and, count, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { DomainError, readPage, recordEvent, tablePage, toConnection, type PageArgs } from '@sanshe/service-kit';
import { committeeMembers, committeeTerms, residentsCommittees, type CommitteeMemberRow, type CommitteeTermRow, type ResidentsCommitteeRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { parsePerson, type PersonInput } from './personal-data.ts';
import { guarded, lockById, optionalEq, requireCommunity } from './store-kit.ts';
import { isoDate, optionalIsoDate, text, wholeNumber } from './validation.ts';

/**
 * 居委会: one per community, elected for terms (届) of at most five years (Organic Law, art. 8 as
 * amended 2018), each term with five to nine members (art. 7): a director (主任), deputy
 * directors (副主任) and members (委员).
 */
export const MAX_TERM_YEARS = 5;
export const MAX_MEMBERS_PER_TERM = 9;

export async function establishCommittee(db: Db, input: { communityCode: string; name: string; establishedOn?: string | null }, access: WriteAccess) {
  const name = text(input.name, 'input.name', { min: 2, max: 100 });
  const establishedOn = optionalIsoDate(input.establishedOn, 'input.establishedOn');
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    const [row] = await guarded(() => tx.insert(residentsCommittees).values({ communityCode: input.communityCode, name, establishedOn }).returning(), {
      field: 'input.communityCode',
      message: `community ${input.communityCode} already has a residents’ committee`,
    });
    await recordEvent(tx, contracts.residentsCommitteeEstablished, { committeeId: row!.id, communityCode: row!.communityCode, name }, { subject: row!.id });
    await access.audit(tx, 'ResidentsCommittee', row!.id);
    return row!;
  });
}

/** A term's end lies after its start and at most five years on. */
export function checkTermDates(startsOn: string, endsOn: string): void {
  if (endsOn <= startsOn) throw new DomainError('BAD_USER_INPUT', 'a term ends after it starts', 'input.endsOn');
  const limit = new Date(`${startsOn}T00:00:00Z`);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_TERM_YEARS);
  if (new Date(`${endsOn}T00:00:00Z`) > limit) {
    throw new DomainError('RULE_VIOLATION', `a residents’ committee term lasts at most ${MAX_TERM_YEARS} years`, 'input.endsOn');
  }
}

export async function startTerm(db: Db, input: { committeeId: string; number: number; startsOn: string; endsOn: string }, access: WriteAccess) {
  const number = wholeNumber(input.number, 'input.number', { min: 1, max: 100 });
  const startsOn = isoDate(input.startsOn, 'input.startsOn');
  const endsOn = isoDate(input.endsOn, 'input.endsOn');
  checkTermDates(startsOn, endsOn);
  return db.transaction(async (tx) => {
    const committee = await lockById<ResidentsCommitteeRow>(tx, residentsCommittees, input.committeeId, 'input.committeeId', 'residents’ committee');
    access.allow({ regionCode: committee.communityCode }, 'input.committeeId');
    const [overlap] = await tx
      .select({ number: committeeTerms.number })
      .from(committeeTerms)
      .where(and(eq(committeeTerms.committeeId, committee.id), lte(committeeTerms.startsOn, endsOn), gte(committeeTerms.endsOn, startsOn)));
    if (overlap) throw new DomainError('RULE_VIOLATION', `the term overlaps term ${overlap.number}`, 'input.startsOn');
    const [term] = await guarded(() => tx.insert(committeeTerms).values({ committeeId: committee.id, number, startsOn, endsOn }).returning(), {
      field: 'input.number',
      message: `term ${number} is already recorded`,
    });
    await recordEvent(
      tx,
      contracts.committeeTermStarted,
      { termId: term!.id, committeeId: committee.id, communityCode: committee.communityCode, number, startsOn, endsOn },
      { subject: term!.id },
    );
    await access.audit(tx, 'CommitteeTerm', term!.id);
    return term!;
  });
}

export async function addMember(db: Db, input: { termId: string; role: CommitteeMemberRow['role']; person: PersonInput }, access: WriteAccess) {
  const person = parsePerson(input.person, 'input.person');
  return db.transaction(async (tx) => {
    // The lock serialises additions to one term, so two cannot both be the ninth.
    const term = await lockById<CommitteeTermRow>(tx, committeeTerms, input.termId, 'input.termId', 'committee term');
    const [committee] = await tx.select().from(residentsCommittees).where(eq(residentsCommittees.id, term.committeeId));
    access.allow({ regionCode: committee!.communityCode }, 'input.termId');
    const [members] = await tx.select({ n: count() }).from(committeeMembers).where(eq(committeeMembers.termId, term.id));
    if ((members?.n ?? 0) >= MAX_MEMBERS_PER_TERM) {
      throw new DomainError('RULE_VIOLATION', `a residents’ committee has at most ${MAX_MEMBERS_PER_TERM} members`, 'input.termId');
    }
    const [member] = await guarded(() => tx.insert(committeeMembers).values({ termId: term.id, role: input.role, ...person }).returning(), {
      field: 'input.role',
      message: 'the term already has a director (主任)',
    });
    await recordEvent(
      tx,
      contracts.committeeMemberJoined,
      { memberId: member!.id, termId: term.id, committeeId: term.committeeId, communityCode: committee!.communityCode, role: input.role },
      { subject: member!.id },
    );
    await access.audit(tx, 'CommitteeMember', member!.id);
    return member!;
  });
}

export function listTerms(db: Db, committeeId: string, args: PageArgs) {
  const page = readPage(args, (v): v is number => Number.isInteger(v));
  const where = eq(committeeTerms.committeeId, committeeId);
  return Promise.all([
    db
      .select()
      .from(committeeTerms)
      .where(page.after === null ? where : and(where, lte(committeeTerms.number, page.after - 1)))
      .orderBy(desc(committeeTerms.number))
      .limit(page.fetch),
    db.select({ n: count() }).from(committeeTerms).where(where),
  ]).then(([rows, [total]]) => toConnection(rows, page, total?.n ?? 0, (r) => r.number));
}

export function listMembers(db: Db, termId: string, filter: { role?: CommitteeMemberRow['role'] | null }, args: PageArgs) {
  const where = and(eq(committeeMembers.termId, termId), optionalEq(committeeMembers.role, filter.role));
  return tablePage(db, committeeMembers, { time: committeeMembers.createdAt, id: committeeMembers.id, direction: 'asc' }, where, args);
}

/** The term in force on `today` for each committee, in one statement. */
export async function currentTerms(db: Db, committeeIds: readonly string[], today = new Date().toISOString().slice(0, 10)) {
  const rows = await db
    .select()
    .from(committeeTerms)
    .where(and(inArray(committeeTerms.committeeId, [...committeeIds]), lte(committeeTerms.startsOn, today), gte(committeeTerms.endsOn, today)));
  const byCommittee = new Map(rows.map((r) => [r.committeeId, r]));
  return committeeIds.map((id) => byCommittee.get(id) ?? null);
}
