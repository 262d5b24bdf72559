import { DomainError } from '@sanshe/service-kit';

/** Fen arrive as JSON numbers; anything but a safe whole number ≥ 0 is refused, never rounded. */
export function parseFen(value: unknown, field: string, options: { positive?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DomainError('BAD_USER_INPUT', 'an amount is a whole number of fen ≥ 0', field);
  }
  if (options.positive && value === 0) throw new DomainError('BAD_USER_INPUT', 'an amount must be more than 0 fen', field);
  return value;
}

/** Postgres sums of bigint come back as strings; they must still be exact integers. */
export function fenFromSum(value: string | number | null): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`sum ${value} fen is beyond exact arithmetic`);
  return n;
}

/** A programme never awards more than its budget. */
export function checkAward(budgetFen: number, awardedFen: number, amountFen: number): void {
  if (awardedFen + amountFen > budgetFen) {
    throw new DomainError(
      'INSUFFICIENT_FUNDS',
      `the programme has ${budgetFen - awardedFen} fen left of its budget; ${amountFen} fen asked`,
      'input.amountFen',
      { availableFen: budgetFen - awardedFen },
    );
  }
}

/** Refuses `amountFen` when it does not fit in what is left; `scope` says which limit refused. */
export function checkFits(availableFen: number, amountFen: number, field: string, scope: 'fund' | 'programme' | 'round' | 'grant' | 'pledge'): void {
  if (amountFen > availableFen) {
    throw new DomainError('INSUFFICIENT_FUNDS', `the ${scope} has ${availableFen} fen left; ${amountFen} fen asked`, field, {
      availableFen,
      scope,
    });
  }
}

/**
 * Yuan as a JSON number with at most two decimals, computed from the integer: the decimal string
 * is built digit by digit and parsed once, so 10 fen is 0.1 and never 0.09999…. Exact (the number
 * prints back as the same decimal) up to 10^15 fen, i.e. 10 trillion yuan.
 */
export function fenToYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new Error(`${fen} fen is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return Number(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
}
