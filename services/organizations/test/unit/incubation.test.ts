import { describe, expect, it } from 'vitest';
import { refusal, refusedWith } from '@sanshe/testing/refusal';
import {
  assertAdmissible,
  assertGraduating,
  isFinalStage,
  nextStage,
  STINT_ACTIONS,
  STINT_STAGES,
  STINT_TRANSITIONS,
} from '../../src/domain/incubation.ts';
import { ORGANIZATION_STATES } from '../../src/domain/lifecycle.ts';
import { parseCenterInput } from '../../src/domain/incubation-rules.ts';

const pairs = STINT_STAGES.flatMap((stage) => STINT_ACTIONS.map((action) => [stage, action] as const));

describe('incubation stages', () => {
  it('goes seed → growth → mature → graduated, one step at a time', () => {
    expect(nextStage('seed', 'advance')).toBe('growth');
    expect(nextStage('growth', 'advance')).toBe('mature');
    expect(nextStage('mature', 'graduate')).toBe('graduated');
    for (const stage of ['seed', 'growth', 'mature'] as const) expect(nextStage(stage, 'withdraw')).toBe('withdrawn');
  });

  it.each(pairs.filter(([s, a]) => !STINT_TRANSITIONS[a][s]))('refuses to %s→%s naming the current stage', (stage, action) => {
    const error = refusedWith(() => nextStage(stage, action));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.extensions).toMatchObject({ currentState: stage.toUpperCase(), action: action.toUpperCase() });
    expect(error.message).toBe(`cannot ${action} an incubation stint that is ${stage}`);
  });

  it('has final stages with no way out', () => {
    for (const stage of STINT_STAGES) {
      const ways = STINT_ACTIONS.filter((a) => STINT_TRANSITIONS[a][stage]);
      expect(ways.length === 0).toBe(isFinalStage(stage));
    }
  });

  it('admits organizations in preparation or active ones, while the centre has room', () => {
    const admissible = ORGANIZATION_STATES.filter((state) => {
      try {
        assertAdmissible(state, { capacity: 20, occupancy: 3 });
        return true;
      } catch {
        return false;
      }
    });
    expect(admissible).toEqual(['preparing', 'filed', 'recommended', 'registered']);
    expect(refusal(() => assertAdmissible('suspended', { capacity: 20, occupancy: 3 }))).toEqual({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
    expect(refusal(() => assertAdmissible('filed', { capacity: 20, occupancy: 20 }))).toEqual({ code: 'RULE_VIOLATION', field: 'input.centerId' });
    expect(() => assertAdmissible('filed', { capacity: 20, occupancy: 19 })).not.toThrow();
  });

  it('graduates only organizations that have been filed or registered', () => {
    expect(refusal(() => assertGraduating('preparing'))).toEqual({ code: 'RULE_VIOLATION', field: 'id' });
    expect(refusal(() => assertGraduating('deregistered'))).toEqual({ code: 'RULE_VIOLATION', field: 'id' });
    for (const state of ['filed', 'recommended', 'registered'] as const) expect(() => assertGraduating(state)).not.toThrow();
  });

  it('validates a centre: areas in square metres with at most two decimals, capacity, region code', () => {
    const good = { name: '青山区社会组织孵化园', kind: 'park', regionCode: '150204', areaSquareMetres: 3200.5, capacity: 20, operator: '上海恩派', openedOn: '2016-05-01' };
    expect(parseCenterInput(good, '2025-01-01')).toMatchObject({ areaSquareMetres: 3200.5, capacity: 20, regionCode: '150204' });
    expect(parseCenterInput({ ...good, areaSquareMetres: 0.1 + 0.2 }, '2025-01-01').areaSquareMetres).toBe(0.3);
    for (const [patch, field] of [
      [{ areaSquareMetres: 12.345 }, 'input.areaSquareMetres'],
      [{ areaSquareMetres: -5 }, 'input.areaSquareMetres'],
      [{ capacity: 0 }, 'input.capacity'],
      [{ capacity: 2.5 }, 'input.capacity'],
      [{ regionCode: '1502' }, 'input.regionCode'],
      [{ openedOn: '2030-01-01' }, 'input.openedOn'],
      [{ kind: 'garden' }, 'input.kind'],
    ] as const) {
      expect(refusal(() => parseCenterInput({ ...good, ...patch }, '2025-01-01')), JSON.stringify(patch)).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });
});
