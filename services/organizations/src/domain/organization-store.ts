import { organizations as contracts } from '@sanshe/events';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { DomainError, recordEvent, requireCommunity, tablePage, type PageArgs, districtDate } from '@sanshe/service-kit';
import { organizations, type OrganizationRow, type OrganizationState } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { auditMutation, authorize, organizationTarget, type Caller } from '../authorization.ts';
import { recordHistory } from './history.ts';
import { NEWEST_FIRST } from './organization-search.ts';
import { factsOf, lockVisibleOrganization, withConflicts } from './organization-refs.ts';
import type { FileInput, PrepareInput, ProfileChanges, RegisterInput } from './organization-rules.ts';

const UNIQUE_FIELDS: Record<string, string> = {
  organizations_credit_code_key: 'input.creditCode',
  organizations_filing_number_key: 'input.filingNumber',
};

type Creation =
  | { state: 'preparing'; input: PrepareInput }
  | { state: 'filed'; input: FileInput }
  | { state: 'registered'; input: RegisterInput };

/** Creates an organization in preparation, or filed or registered in one step, with its first history row and event. */
async function createOrganization(db: Db, caller: Caller, creation: Creation): Promise<OrganizationRow> {
  return withConflicts(UNIQUE_FIELDS, () =>
    db.transaction(async (tx) => {
      const { input, state } = creation;
      authorize(caller, { regionCode: input.communityCode, field: 'input.communityCode' });
      const community = await requireCommunity(tx, input.communityCode, 'input.communityCode');
      const [row] = (await tx
        .insert(organizations)
        .values({
          ...input,
          state,
          track: state === 'preparing' ? null : state,
          establishedOn: state === 'preparing' ? null : districtDate(),
          // The instant of the step, as its history row records it (the transaction's now()).
          filedAt: state === 'filed' ? sql`now()` : null,
          registeredAt: state === 'registered' ? sql`now()` : null,
          streetCode: community.streetCode!,
          districtCode: community.districtCode,
        })
        .returning()) as [OrganizationRow];
      const facts = factsOf(row);
      const event =
        creation.state === 'filed'
          ? await recordEvent(tx, contracts.organizationFiled, { ...facts, filingNumber: row.filingNumber! }, { subject: row.id })
          : creation.state === 'registered'
            ? await recordEvent(tx, contracts.organizationRegistered, { ...facts, legalForm: row.legalForm!, creditCode: row.creditCode! }, { subject: row.id })
            : await recordEvent(tx, contracts.organizationPrepared, facts, { subject: row.id });
      const action = state === 'preparing' ? 'prepare' : state === 'filed' ? 'file' : 'register';
      await recordHistory(tx, { organizationId: row.id, action, from: null, to: state, event });
      await auditMutation(tx, caller, 'Organization', row.id);
      return row;
    }),
  );
}

export const prepareOrganization = (db: Db, caller: Caller, input: PrepareInput) => createOrganization(db, caller, { state: 'preparing', input });
export const fileOrganization = (db: Db, caller: Caller, input: FileInput) => createOrganization(db, caller, { state: 'filed', input });
export const registerOrganization = (db: Db, caller: Caller, input: RegisterInput) => createOrganization(db, caller, { state: 'registered', input });

/** Profile fields (description, contacts, counts, service fields); a deregistered organization is read-only. */
export async function updateProfile(db: Db, caller: Caller, id: string, changes: ProfileChanges): Promise<OrganizationRow> {
  return db.transaction(async (tx) => {
    const row = await lockVisibleOrganization(tx, caller.identity, id);
    authorize(caller, organizationTarget(row));
    if (row.state === 'deregistered') {
      throw new DomainError('RULE_VIOLATION', 'a deregistered organization can no longer be changed', 'id', { state: row.state.toUpperCase() });
    }
    const [updated] = await tx
      .update(organizations)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(organizations.id, row.id))
      .returning();
    await auditMutation(tx, caller, 'Organization', row.id);
    return updated!;
  });
}

/** Without an explicit state a community lists organizations that exist: filed or registered, not deregistered. */
const EXISTING: OrganizationState[] = ['filed', 'recommended', 'registered', 'suspended'];

export function listCommunityOrganizations(
  db: Db,
  communityCode: string,
  args: PageArgs & { track?: 'filed' | 'registered' | null; state?: OrganizationState | null },
  visible?: SQL,
) {
  const filters: SQL[] = [eq(organizations.communityCode, communityCode)];
  if (visible) filters.push(visible);
  if (args.track) filters.push(eq(organizations.track, args.track));
  filters.push(args.state ? eq(organizations.state, args.state) : inArray(organizations.state, EXISTING));
  const where = and(...filters);
  // Newest first: the order a community portal lists its organizations in.
  return tablePage(db, organizations, NEWEST_FIRST, where, args);
}
