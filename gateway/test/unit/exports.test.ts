import { describe, expect, it } from 'vitest';
import { columnsOf, flattenStatistics, statisticsRows, toCsv } from '../../src/exports/flatten.ts';
import { parseExportQuery } from '../../src/exports/routes.ts';

const street = {
  id: '150204004@2016-01-01..2016-12-31',
  regionCode: '150204004',
  name: '先锋道街道',
  organizations: 12,
  organizationsPer10kResidents: null,
  organizationsByTrack: [
    { track: 'FILED', count: 9 },
    { track: 'REGISTERED', count: 3 },
  ],
  moneyByProgramme: [
    { programme: { id: 'p1', name: '微基金, "先锋"', kind: 'MICRO_FUND' }, awardedFen: 100, paidFen: 40, grantCount: 2 },
    { programme: null, awardedFen: 0, paidFen: 7, grantCount: 0 },
  ],
  children: [
    { id: '150204004001@2016-01-01..2016-12-31', regionCode: '150204004001', name: '第1社区', organizations: 2, organizationsPer10kResidents: 3.5, organizationsByTrack: [{ track: 'FILED', count: 2 }] },
  ],
};

describe('statistics export', () => {
  it('flattens breakdowns into one column per key and money into columns per programme', () => {
    expect(flattenStatistics(street)).toEqual({
      id: street.id,
      regionCode: '150204004',
      name: '先锋道街道',
      organizations: 12,
      organizationsPer10kResidents: null,
      'organizationsByTrack.FILED': 9,
      'organizationsByTrack.REGISTERED': 3,
      'moneyByProgramme.微基金, "先锋".awardedFen': 100,
      'moneyByProgramme.微基金, "先锋".paidFen': 40,
      'moneyByProgramme.微基金, "先锋".grantCount': 2,
      'moneyByProgramme.(outside programmes).awardedFen': 0,
      'moneyByProgramme.(outside programmes).paidFen': 7,
      'moneyByProgramme.(outside programmes).grantCount': 0,
    });
  });

  it('lists each region followed by its children, with the union of columns', () => {
    const rows = statisticsRows([street]);
    expect(rows.map((r) => r.regionCode)).toEqual(['150204004', '150204004001']);
    expect(columnsOf(rows)).toContain('organizationsByTrack.REGISTERED');
  });

  it('writes RFC 4180 CSV with a byte-order mark; a missing breakdown key is 0, a null is empty', () => {
    const csv = toCsv(statisticsRows([street]));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'id,regionCode,name,organizations,organizationsPer10kResidents,organizationsByTrack.FILED,organizationsByTrack.REGISTERED,' +
        '"moneyByProgramme.微基金, ""先锋"".awardedFen","moneyByProgramme.微基金, ""先锋"".paidFen","moneyByProgramme.微基金, ""先锋"".grantCount",' +
        'moneyByProgramme.(outside programmes).awardedFen,moneyByProgramme.(outside programmes).paidFen,moneyByProgramme.(outside programmes).grantCount',
    );
    expect(lines[1]).toBe(`${street.id},150204004,先锋道街道,12,,9,3,100,40,2,0,7,0`);
    // The child has no REGISTERED organizations and no programme money: zeros, not blanks.
    expect(lines[2]).toBe('150204004001@2016-01-01..2016-12-31,150204004001,第1社区,2,3.5,2,0,0,0,0,0,0,0');
    expect(lines[3]).toBe('');
  });

  it('reads the query string and names the field it refuses', () => {
    const parse = (qs: string) => parseExportQuery(new URL(`http://x/exports/region-statistics.csv?${qs}`));
    expect(parse('codes=150204,150204004&from=2016-01-01&to=2016-12-31&children=true')).toEqual({
      format: 'csv',
      codes: ['150204', '150204004'],
      from: '2016-01-01',
      to: '2016-12-31',
      children: true,
    });
    expect(parse('from=2016-01-01&to=2016-12-31')).toMatchObject({ refusal: { field: 'codes' } });
    expect(parse('codes=150204&to=2016-12-31')).toMatchObject({ refusal: { field: 'from' } });
    expect(parse('codes=150204&from=2016-01-01')).toMatchObject({ refusal: { field: 'to' } });
    expect(parse('codes=150204&from=2016-01-01&to=2016-12-31&children=yes')).toMatchObject({ refusal: { field: 'children' } });
  });
});
