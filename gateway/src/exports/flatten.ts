/**
 * Turns `RegionStatistics` objects into flat rows for CSV: scalars keep their field name, each
 * breakdown list becomes one column per key (`organizationsByTrack.FILED`), and money by
 * programme three columns per programme (`moneyByProgramme.<name>.awardedFen`, …), money paid
 * outside programmes under the name `(outside programmes)`.
 * Pure functions, so the shape of an export is tested without a gateway.
 */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

interface ProgrammeMoney {
  /** Null for money paid outside programmes (subsidies, micro-wish spending). */
  programme: { name: string } | null;
  awardedFen: number;
  paidFen: number;
  grantCount: number;
}

const OUTSIDE_PROGRAMMES = '(outside programmes)';

function isBreakdown(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((item) => item !== null && typeof item === 'object' && 'count' in item);
}

/** The key of a breakdown item: its one field besides `count`. */
function breakdownKey(item: Record<string, unknown>): string {
  const key = Object.keys(item).find((k) => k !== 'count');
  return key ? String(item[key]) : '';
}

export function flattenStatistics(stats: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [field, value] of Object.entries(stats)) {
    if (field === 'children') continue;
    if (field === 'moneyByProgramme' && Array.isArray(value)) {
      for (const money of value as ProgrammeMoney[]) {
        const name = money.programme?.name ?? OUTSIDE_PROGRAMMES;
        row[`${field}.${name}.awardedFen`] = money.awardedFen;
        row[`${field}.${name}.paidFen`] = money.paidFen;
        row[`${field}.${name}.grantCount`] = money.grantCount;
      }
    } else if (isBreakdown(value)) {
      for (const item of value) row[`${field}.${breakdownKey(item)}`] = item.count as number;
    } else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      row[field] = value as Cell;
    }
  }
  return row;
}

/** Each asked region, followed by its children when they were asked for. */
export function statisticsRows(regions: Record<string, unknown>[]): Row[] {
  return regions.flatMap((region) => [
    flattenStatistics(region),
    ...((region.children as Record<string, unknown>[] | undefined) ?? []).map(flattenStatistics),
  ]);
}

/** Columns in first-seen order, so fixed fields come first and breakdown keys follow them. */
export function columnsOf(rows: Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
  return [...columns];
}

function csvCell(value: Cell | undefined): string {
  // A breakdown key a region lacks is a zero count, not an unknown.
  if (value === undefined) return '0';
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV with CRLF line ends and a UTF-8 byte-order mark: the names are Chinese, and the
 * spreadsheet programs district offices use read UTF-8 only when the mark is there.
 */
export function toCsv(rows: Row[]): string {
  const columns = columnsOf(rows);
  const lines = [columns.map((c) => csvCell(c)).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
