import { organizations as contracts } from '@sanshe/events';
import { and, count, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  readPage,
  recordEvent,
  requireCommunity,
  toConnection,
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

type Key = [string, string]; // [createdAt ISO, id]
const isKey = (v: unknown): v is Key => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

export async function listCommunityOrganizations(db: Db, communityCode: string, args: PageArgs & { track?: Track | null }) {
  const page = readPage(args, isKey);
  const filters: SQL[] = [eq(organizations.communityCode, communityCode)];
  if (args.track) filters.push(eq(organizations.track, args.track));
  const where = and(...filters)!;
  const after = page.after
    ? or(
        lt(organizations.createdAt, new Date(page.after[0])),
        and(eq(organizations.createdAt, new Date(page.after[0])), lt(organizations.id, page.after[1])),
      )
    : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(organizations)
      .where(after ? and(where, after) : where)
      .orderBy(desc(organizations.createdAt), desc(organizations.id))
      .limit(page.fetch),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => [r.createdAt.toISOString(), r.id] as Key);
}
