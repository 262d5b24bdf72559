import { describe, expect, it } from 'vitest';
import { grantsToResume, grantsToSuspend } from '../../src/domain/rules/suspension.ts';

const g = (id: string, status: 'active' | 'suspended' | 'completed' | 'terminated', suspensionReason: 'organization_suspended' | 'organization_deregistered' | null = null) => ({ id, status, suspensionReason });
const grants = [
  g('active', 'active'),
  g('suspended', 'suspended', 'organization_suspended'),
  g('deregistered', 'suspended', 'organization_deregistered'),
  g('completed', 'completed'),
  g('terminated', 'terminated'),
];

describe('suspension', () => {
  it('a suspension stops open grants only', () => {
    expect(grantsToSuspend(grants, 'organization_suspended')).toEqual(['active']);
  });

  it('a deregistration stops open grants and hardens earlier suspensions', () => {
    expect(grantsToSuspend(grants, 'organization_deregistered')).toEqual(['active', 'suspended']);
  });

  it('a reinstatement resumes what a suspension stopped, never what a deregistration stopped', () => {
    expect(grantsToResume(grants)).toEqual(['suspended']);
  });

  it('does nothing to an organization without grants', () => {
    expect(grantsToSuspend([], 'organization_suspended')).toEqual([]);
    expect(grantsToResume([])).toEqual([]);
  });
});
