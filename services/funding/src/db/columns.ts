import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** Amounts are bigint fen; `mode: 'number'` is exact below 2^53 fen (90 trillion yuan). */
export const fen = (name: string) => bigint(name, { mode: 'number' });

export const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
