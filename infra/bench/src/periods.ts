import type { City } from '../../src/generator/city.ts';
import { dateOf, datasetPeriod } from '../../src/generator/records.ts';

export interface BenchPeriod {
  name: string;
  from: string;
  to: string;
}

/**
 * The period presets a district dashboard is asked for, from the dataset's last day: its month, its
 * quarter, its year to date and the whole previous year. The k6 scenarios (through the targets
 * file) and `pnpm bench:op-costs` draw from the same four.
 */
export function dashboardPeriods(city: City): BenchPeriod[] {
  const until = city.config.until;
  const year = Number(until.slice(0, 4));
  const month = until.slice(0, 7);
  const quarterStartMonth = Math.floor((Number(until.slice(5, 7)) - 1) / 3) * 3 + 1;
  return [
    { name: 'last month of the data', from: `${month}-01`, to: until },
    { name: 'its quarter', from: `${year}-${String(quarterStartMonth).padStart(2, '0')}-01`, to: until },
    { name: 'year to date', from: `${year}-01-01`, to: until },
    { name: 'previous year', from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
  ];
}

/**
 * The service dates the read/write mix and `pnpm bench:op-costs` record volunteer hours on: the
 * dataset's last 30 days. Spread over a month, because a volunteer's day holds at most 24 hours of
 * service.
 */
export function writeDates(city: City): string[] {
  const { untilDay } = datasetPeriod(city);
  return Array.from({ length: 30 }, (_, i) => dateOf(untilDay - i));
}
