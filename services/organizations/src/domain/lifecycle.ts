import { DomainError } from '@sanshe/service-kit';
import { ORGANIZATION_STATES, type OrganizationState } from '../db/schema.ts';

export { ORGANIZATION_STATES, type OrganizationState };

/**
 * The organization lifecycle as a transition table: for each action, the states it may start from
 * and the state it leads to. Everything not in the table is an illegal transition.
 *
 *   preparing ──file──▶ filed ──recommend──▶ recommended ──register──▶ registered
 *   preparing ──register──────────────────────────────────────────────▶ registered
 *   filed | recommended | registered ──suspend──▶ suspended ──reinstate──▶ (the state before)
 *   filed | recommended | registered | suspended ──deregister──▶ deregistered (final)
 *
 * Inspection (年检) and grading (评估) are steps of the history that keep the state: every
 * organization that exists (not preparing, not deregistered) reports yearly; only a registered one
 * is graded. Creating an organization (prepare, or filing/registering in one step) is not in the
 * table: it has no state to start from.
 */
export const LIFECYCLE_ACTIONS = ['file', 'register', 'recommend', 'inspect', 'grade', 'suspend', 'reinstate', 'deregister'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** Reinstatement leads back to the state the suspension interrupted. */
export const PREVIOUS_STATE = 'previous' as const;
type Target = OrganizationState | typeof PREVIOUS_STATE;

export const TRANSITIONS: Readonly<Record<LifecycleAction, Partial<Record<OrganizationState, Target>>>> = {
  file: { preparing: 'filed' },
  register: { preparing: 'registered', recommended: 'registered' },
  recommend: { filed: 'recommended' },
  inspect: { filed: 'filed', recommended: 'recommended', registered: 'registered', suspended: 'suspended' },
  grade: { registered: 'registered' },
  suspend: { filed: 'suspended', recommended: 'suspended', registered: 'suspended' },
  reinstate: { suspended: PREVIOUS_STATE },
  deregister: { filed: 'deregistered', recommended: 'deregistered', registered: 'deregistered', suspended: 'deregistered' },
};

/** States an organization can be suspended from, and so return to. */
const RESUMABLE: readonly OrganizationState[] = ['filed', 'recommended', 'registered'];

export function canApply(current: OrganizationState, action: LifecycleAction): boolean {
  return TRANSITIONS[action][current] !== undefined;
}

/**
 * The state after `action`, or ILLEGAL_TRANSITION naming the current state. `suspendedFrom` is the
 * state a suspension interrupted, needed to reinstate.
 */
export function nextState(
  current: OrganizationState,
  action: LifecycleAction,
  options: { field?: string; suspendedFrom?: OrganizationState | null } = {},
): OrganizationState {
  const field = options.field ?? 'id';
  const target = TRANSITIONS[action][current];
  if (target === undefined) {
    // Extensions speak the API's enum values (FILED, RECOMMEND); the message speaks English.
    throw new DomainError('ILLEGAL_TRANSITION', `cannot ${action} an organization that is ${current}`, field, {
      currentState: current.toUpperCase(),
      action: action.toUpperCase(),
    });
  }
  if (target !== PREVIOUS_STATE) return target;
  const previous = options.suspendedFrom;
  if (!previous || !RESUMABLE.includes(previous)) {
    throw new Error(`a suspended organization must remember a resumable state, not ${String(previous)}`);
  }
  return previous;
}

/** Actions the organization's current state allows, for clients that show only what is possible. */
export function allowedActions(current: OrganizationState): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => canApply(current, action));
}

/** Filed, recommended or registered: an organization that exists and is active. */
export function isActive(state: OrganizationState): boolean {
  return RESUMABLE.includes(state);
}
