import { describe, expect, it } from 'vitest';
import { refusedWith } from '@sanshe/testing/refusal';
import {
  allowedActions,
  canApply,
  LIFECYCLE_ACTIONS,
  nextState,
  ORGANIZATION_STATES,
  PREVIOUS_STATE,
  TRANSITIONS,
  type LifecycleAction,
  type OrganizationState,
} from '../../src/domain/lifecycle.ts';

/** Every (state, action) pair, split by the table into legal and illegal ones. */
const pairs = ORGANIZATION_STATES.flatMap((state) => LIFECYCLE_ACTIONS.map((action) => [state, action] as const));
const legal = pairs.filter(([state, action]) => TRANSITIONS[action][state] !== undefined);
const illegal = pairs.filter(([state, action]) => TRANSITIONS[action][state] === undefined);

describe('organization lifecycle transition table', () => {
  it('covers the lifecycle of the brief', () => {
    expect(nextState('preparing', 'file')).toBe('filed');
    expect(nextState('preparing', 'register')).toBe('registered');
    expect(nextState('filed', 'recommend')).toBe('recommended');
    expect(nextState('recommended', 'register')).toBe('registered');
    expect(nextState('registered', 'inspect')).toBe('registered');
    expect(nextState('registered', 'grade')).toBe('registered');
    expect(nextState('registered', 'suspend')).toBe('suspended');
    expect(nextState('suspended', 'deregister')).toBe('deregistered');
    expect(legal.length + illegal.length).toBe(ORGANIZATION_STATES.length * LIFECYCLE_ACTIONS.length);
    expect(legal).toHaveLength(17);
  });

  it.each(illegal)('refuses to %s→%s with ILLEGAL_TRANSITION naming the current state', (state, action) => {
    const error = refusedWith(() => nextState(state, action, { suspendedFrom: 'filed' }));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.field).toBe('id');
    expect(error.extensions).toMatchObject({ currentState: state.toUpperCase(), action: action.toUpperCase() });
    expect(error.message).toBe(`cannot ${action} an organization that is ${state}`);
    expect(canApply(state, action)).toBe(false);
  });

  it.each(legal)('allows %s→%s to the state of the table', (state, action) => {
    const target = TRANSITIONS[action][state]!;
    const expected = target === PREVIOUS_STATE ? 'recommended' : target;
    expect(nextState(state, action, { suspendedFrom: 'recommended' })).toBe(expected);
    expect(canApply(state, action)).toBe(true);
  });

  it('names the field it is given', () => {
    expect(refusedWith(() => nextState('deregistered', 'suspend', { field: 'input.organizationId' })).field).toBe('input.organizationId');
  });

  it.each(['filed', 'recommended', 'registered'] as const)('reinstates to the state the suspension interrupted (%s)', (before) => {
    const suspended = nextState(before, 'suspend');
    expect(suspended).toBe('suspended');
    expect(nextState(suspended, 'reinstate', { suspendedFrom: before })).toBe(before);
  });

  it('treats a suspension that forgot where it came from as a bug, not as input', () => {
    expect(() => nextState('suspended', 'reinstate')).toThrow(/resumable state/);
    expect(() => nextState('suspended', 'reinstate', { suspendedFrom: 'deregistered' })).toThrow(/resumable state/);
  });

  it('makes deregistered final and preparing a state with only two ways out', () => {
    expect(allowedActions('deregistered')).toEqual([]);
    expect(allowedActions('preparing')).toEqual(['file', 'register']);
    expect(allowedActions('filed')).toEqual(['recommend', 'inspect', 'suspend', 'deregister']);
    expect(allowedActions('suspended')).toEqual(['inspect', 'reinstate', 'deregister']);
  });

  it('reaches every state from preparing', () => {
    const reached = new Set<OrganizationState>(['preparing']);
    for (let round = 0; round < 5; round += 1) {
      for (const [state, action] of legal) {
        if (reached.has(state)) reached.add(nextState(state, action as LifecycleAction, { suspendedFrom: 'filed' }));
      }
    }
    expect([...reached].sort()).toEqual([...ORGANIZATION_STATES].sort());
  });
});
