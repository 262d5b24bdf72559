import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { microWishes, needs, type MicroWishRow, type NeedRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { fulfilNeed, fulfilWish } from './fulfilment.ts';
import { requireGrid } from './grid-store.ts';
import { microWishLifecycle } from './lifecycles.ts';
import { insertReportedNeed, parseNeed } from './need-store.ts';
import { parsePerson, type PersonInput } from './personal-data.ts';
import { gridFilter, lockById, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { optionalText, optionalUuid, text } from './validation.ts';

/**
 * 微心愿: posted by a resident, claimed (认领) by an organization, a volunteer or a party member,
 * fulfilled by the claimant — or by social work, since posting a wish also reports its need.
 */

type ClaimantKind = NonNullable<MicroWishRow['claimantKind']>;

export interface PostWishInput {
  communityCode: string;
  gridCode?: string | null;
  title: string;
  description?: string | null;
  category: MicroWishRow['category'];
  urgency?: NeedRow['urgency'] | null;
  poster: PersonInput;
}

export async function postMicroWish(db: Db, input: PostWishInput, access: WriteAccess) {
  const title = text(input.title, 'input.title', { min: 2, max: 100 });
  const description = optionalText(input.description, 'input.description', { max: 1000 });
  const poster = parsePerson(input.poster, 'input.poster');
  const need = { ...input, urgency: input.urgency ?? 'normal', summary: `微心愿：${title}`, reporter: input.poster };
  parseNeed(need);
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.gridCode != null) await requireGrid(tx, input.gridCode, 'input.gridCode', input.communityCode);
    const [wish] = await tx
      .insert(microWishes)
      .values({
        communityCode: input.communityCode,
        gridCode: input.gridCode ?? null,
        title,
        description,
        category: input.category,
        posterName: poster.name,
        posterPhone: poster.phone,
        postedBy: access.identity.subject,
      })
      .returning();
    // The wish's community and grid were found above: the need hangs off the same ones.
    const reported = await insertReportedNeed(tx, need, wish!.id, access.identity.subject, { placeChecked: true });
    await recordEvent(
      tx,
      contracts.microWishPosted,
      { microWishId: wish!.id, communityCode: wish!.communityCode, needId: reported.id, category: wish!.category },
      { subject: wish!.id },
    );
    await access.audit(tx, 'MicroWish', wish!.id);
    return wish!;
  });
}

/** An organization claims by its id (organizations subgraph); a volunteer or party member by name, id optional. */
export function parseClaimant(input: { kind: ClaimantKind; id?: string | null; label?: string | null }) {
  const id = optionalUuid(input.id, 'input.claimant.id', 'claimant');
  if (input.kind === 'organization' && id === null) {
    throw new DomainError('BAD_USER_INPUT', 'an organization claims with its id', 'input.claimant.id');
  }
  const label = input.kind === 'organization' ? optionalText(input.label, 'input.claimant.label', { max: 100 }) : text(input.label ?? '', 'input.claimant.label', { max: 50 });
  return { claimantKind: input.kind, claimantId: id, claimantLabel: label };
}

export async function claimMicroWish(
  db: Db,
  input: { microWishId: string; claimant: { kind: ClaimantKind; id?: string | null; label?: string | null } },
  access: WriteAccess,
) {
  const claimant = parseClaimant(input.claimant);
  return db.transaction(async (tx) => {
    const wish = await lockById<MicroWishRow>(tx, microWishes, input.microWishId, 'input.microWishId', 'micro-wish');
    // An organization's administrator claims for their own organization only; staff for anyone.
    access.allow(
      { regionCode: wish.communityCode, organizationId: claimant.claimantKind === 'organization' ? claimant.claimantId : null },
      claimant.claimantKind === 'organization' ? 'input.claimant.id' : 'input.microWishId',
    );
    const status = microWishLifecycle.apply(wish.status, 'claim', 'input.microWishId');
    const [row] = await tx.update(microWishes).set({ status, ...claimant, claimedAt: new Date() }).where(eq(microWishes.id, wish.id)).returning();
    await recordEvent(
      tx,
      contracts.microWishClaimed,
      { microWishId: wish.id, communityCode: wish.communityCode, claimantKind: claimant.claimantKind, claimantId: claimant.claimantId },
      { subject: wish.id },
    );
    await access.audit(tx, 'MicroWish', wish.id);
    return row!;
  });
}

/** The claimant fulfilled the wish: the wish and its need are fulfilled together. */
export async function fulfillMicroWish(db: Db, input: { microWishId: string; note?: string | null }, access: WriteAccess) {
  const note = optionalText(input.note, 'input.note', { max: 1000 });
  return db.transaction(async (tx) => {
    const wish = await lockById<MicroWishRow>(tx, microWishes, input.microWishId, 'input.microWishId', 'micro-wish');
    access.allow({ regionCode: wish.communityCode, organizationId: wish.claimantKind === 'organization' ? wish.claimantId : null }, 'input.microWishId');
    microWishLifecycle.apply(wish.status, 'fulfil', 'input.microWishId');
    const [need] = await tx.select().from(needs).where(eq(needs.microWishId, wish.id)).for('update');
    const at = new Date();
    const row = await fulfilWish(tx, wish, 'claimant', at, need?.id ?? null, note);
    if (need) await fulfilNeed(tx, need, at);
    await access.audit(tx, 'MicroWish', wish.id);
    return row!;
  });
}

export interface MicroWishFilter {
  within?: string | null;
  communityCode?: string;
  status?: MicroWishRow['status'] | null;
  category?: MicroWishRow['category'] | null;
  gridCode?: string | null;
}

export const listMicroWishes = (db: Db, filter: MicroWishFilter, args: PageArgs) =>
  tablePage(
    db,
    microWishes,
    { time: microWishes.postedAt, id: microWishes.id, direction: 'desc' },
    and(
      withinFilter(microWishes.communityCode, filter.within),
      optionalEq(microWishes.communityCode, filter.communityCode),
      optionalEq(microWishes.status, filter.status),
      optionalEq(microWishes.category, filter.category),
      gridFilter(microWishes.gridCode, filter.gridCode),
    ),
    args,
  );
