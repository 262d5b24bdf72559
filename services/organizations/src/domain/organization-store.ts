import { organizations as contracts } from '@sanshe/events';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  recordEvent,
  requireCommunity,
  timeIdConnection,
  type PageArgs,
} from '@sanshe/service-kit';
import { organizations, type OrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { FileInput, RegisterInput } from './organization-rules.ts';

type Track = OrganizationRow['track'];

const UNIQUE_FIELDS: Record<string, string> = {
  organizations_credit_code_key: 'input.creditCode',
  organizations_filing_number_key: 'input.filingNumber',
};

async function insertOrganization(db: Db, track: Track, input: FileInput | RegisterInput): Promise<OrganizationRow> {
  return db.transaction(async (tx) => {
    const community = await requireCommunity(tx, input.communityCode, 'input.communityCode');
    let row: OrganizationRow;
    try {
      [row] = (await tx
        .insert(organizations)
        .values({
          ...input,
          track,
          streetCode: community.streetCode!,
          districtCode: community.districtCode,
        })
        .returning()) as [OrganizationRow];
    } catch (error) {
      for (const [constraint, field] of Object.entries(UNIQUE_FIELDS)) {
        if (isUniqueViolation(error, constraint)) throw new DomainError('CONFLICT', `another organization has this ${field.split('.')[1]}`, field);
      }
      throw error;
    }
    const facts = {
      organizationId: row.id,
      name: row.name,
      communityCode: row.communityCode,
      streetCode: row.streetCode,
      districtCode: row.districtCode,
      category: row.category,
      serviceFields: row.serviceFields,
    };
    if (track === 'filed') {
      await recordEvent(tx, contracts.organizationFiled, { ...facts, filingNumber: row.filingNumber! }, { subject: row.id });
    } else {
      await recordEvent(
        tx,
        contracts.organizationRegistered,
        { ...facts, legalForm: row.legalForm!, creditCode: row.creditCode! },
        { subject: row.id },
      );
    }
    return row;
  });
}

export const fileOrganization = (db: Db, input: FileInput) => insertOrganization(db, 'filed', input);
export const registerOrganization = (db: Db, input: RegisterInput) => insertOrganization(db, 'registered', input);

export function listCommunityOrganizations(db: Db, communityCode: string, args: PageArgs & { track?: Track | null }) {
  const filters: SQL[] = [eq(organizations.communityCode, communityCode)];
  if (args.track) filters.push(eq(organizations.track, args.track));
  const where = and(...filters);
  // Newest first: the order a community portal lists its organizations in.
  return timeIdConnection(args, {
    rows: (after, limit) =>
      db
        .select()
        .from(organizations)
        .where(and(where, after(organizations.createdAt, organizations.id, 'desc')))
        .orderBy(desc(organizations.createdAt), desc(organizations.id))
        .limit(limit),
    count: async () => (await db.select({ n: count() }).from(organizations).where(where))[0]?.n ?? 0,
    keyOf: (r) => [r.createdAt, r.id],
  });
}
