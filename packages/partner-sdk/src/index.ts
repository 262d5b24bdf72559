/**
 * @sanshe/partner-sdk — for partner agencies subscribing to the 三社联动 platform's events.
 *
 *   const partner = await connectPartner({ credentials: './sanshe-partner.json' });
 *   partner.consume(async (event) => {
 *     switch (event.type) {
 *       case 'cn.sanshe.funding.grant.awarded.v1':
 *         await saveGrant(event.id, event.data.amountFen); // typed from the platform's contract
 *         break;
 *     }
 *   }); // acked when the handler returns, redelivered when it throws
 *
 * Delivery is at least once: the same event (same `id`) can come again after a crash, a timeout
 * or a replay. Make your handler idempotent on `event.id`.
 */
export * from './client.ts';
export * from './credentials.ts';
export * from './events.ts';
export { catalog } from './catalog.generated.ts';
