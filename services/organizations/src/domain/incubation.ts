import { DomainError } from '@sanshe/service-kit';
import type { OrganizationState } from '../db/schema.ts';

/**
 * Incubation (孵化): an organization enters a centre or park at SEED (入驻初创), advances to GROWTH
 * (培育成长) and MATURE (成熟), and graduates (出壳) from MATURE. It can withdraw at any stage
 * before graduating. GRADUATED and WITHDRAWN are final.
 */
export const STINT_STAGES = ['seed', 'growth', 'mature', 'graduated', 'withdrawn'] as const;
export type StintStage = (typeof STINT_STAGES)[number];
export const STINT_ACTIONS = ['advance', 'graduate', 'withdraw'] as const;
export type StintAction = (typeof STINT_ACTIONS)[number];

export const STINT_TRANSITIONS: Readonly<Record<StintAction, Partial<Record<StintStage, StintStage>>>> = {
  advance: { seed: 'growth', growth: 'mature' },
  graduate: { mature: 'graduated' },
  withdraw: { seed: 'withdrawn', growth: 'withdrawn', mature: 'withdrawn' },
};

export const isFinalStage = (stage: StintStage) => stage === 'graduated' || stage === 'withdrawn';

export function nextStage(current: StintStage, action: StintAction, field = 'id'): StintStage {
  const target = STINT_TRANSITIONS[action][current];
  if (!target) {
    throw new DomainError('ILLEGAL_TRANSITION', `cannot ${action} an incubation stint that is ${current}`, field, {
      currentState: current.toUpperCase(),
      action: action.toUpperCase(),
    });
  }
  return target;
}

/** Organizations incubated: in preparation or active; never suspended or deregistered. */
const ADMISSIBLE: readonly OrganizationState[] = ['preparing', 'filed', 'recommended', 'registered'];
/** A graduate has become a real organization: filed or registered by then. */
const GRADUATING: readonly OrganizationState[] = ['filed', 'recommended', 'registered'];

export function assertAdmissible(
  organizationState: OrganizationState,
  center: { capacity: number; occupancy: number },
  fields = { organization: 'input.organizationId', center: 'input.centerId' },
): void {
  if (!ADMISSIBLE.includes(organizationState)) {
    throw new DomainError('RULE_VIOLATION', `an organization that is ${organizationState} cannot be incubated`, fields.organization, {
      state: organizationState.toUpperCase(),
    });
  }
  if (center.occupancy >= center.capacity) {
    throw new DomainError('RULE_VIOLATION', `the incubation centre is full (${center.occupancy} of ${center.capacity})`, fields.center, {
      capacity: center.capacity,
    });
  }
}

export function assertGraduating(organizationState: OrganizationState, field = 'id'): void {
  if (!GRADUATING.includes(organizationState)) {
    throw new DomainError('RULE_VIOLATION', `an organization that is ${organizationState} cannot graduate: it must be filed or registered first`, field, {
      state: organizationState.toUpperCase(),
    });
  }
}

/** A stage change is dated on or after the previous one. */
export function assertNotBefore(date: string, earliest: string, field: string): void {
  if (date < earliest) throw new DomainError('BAD_USER_INPUT', `${field} cannot be before ${earliest}`, field);
}
