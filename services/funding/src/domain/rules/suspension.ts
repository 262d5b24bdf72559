import type { GrantRow, SUSPENSION_REASONS } from '../../db/grant-tables.ts';

export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/**
 * Which of an organization's grants an organization event suspends. Open grants (active) stop;
 * a grant already suspended with a suspension that is now a deregistration takes the stronger
 * reason, so a later reinstatement cannot resume it. Completed and terminated grants are done.
 */
export function grantsToSuspend(grants: readonly Pick<GrantRow, 'id' | 'status' | 'suspensionReason'>[], reason: SuspensionReason): string[] {
  return grants
    .filter((g) => g.status === 'active' || (g.status === 'suspended' && reason === 'organization_deregistered' && g.suspensionReason !== reason))
    .map((g) => g.id);
}

/** Reinstatement resumes what the suspension stopped — never what a deregistration stopped. */
export function grantsToResume(grants: readonly Pick<GrantRow, 'id' | 'status' | 'suspensionReason'>[]): string[] {
  return grants.filter((g) => g.status === 'suspended' && g.suspensionReason === 'organization_suspended').map((g) => g.id);
}
