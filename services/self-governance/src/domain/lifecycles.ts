import { DomainError } from '@sanshe/service-kit';

/**
 * Small state machines for disputes, needs, micro-wishes, micro-projects, meetings and
 * disclosures. `apply` refuses an action the status does not allow with ILLEGAL_TRANSITION and
 * the current status; `allows` is for event consumers, which must skip rather than fail.
 */
export function lifecycle<S extends string, A extends string>(entity: string, transitions: Record<A, { from: readonly S[]; to: S }>) {
  return {
    allows: (status: S, action: A): boolean => transitions[action].from.includes(status),
    apply(status: S, action: A, field: string): S {
      const step = transitions[action];
      if (!step.from.includes(status)) {
        throw new DomainError('ILLEGAL_TRANSITION', `cannot ${action.replace(/_/g, ' ')} a ${entity} that is ${status.replace(/_/g, ' ')}`, field, {
          currentStatus: status.toUpperCase(),
        });
      }
      return step.to;
    },
  };
}

/** reported → mediating → resolved | unresolved (referred elsewhere). */
export const disputeLifecycle = lifecycle<'reported' | 'mediating' | 'resolved' | 'unresolved', 'start_mediation' | 'resolve' | 'refer'>('dispute', {
  start_mediation: { from: ['reported'], to: 'mediating' },
  resolve: { from: ['mediating'], to: 'resolved' },
  refer: { from: ['mediating'], to: 'unresolved' },
});

/** reported → in_service → fulfilled | closed_unmet; a claimant may fulfil a micro-wish's need before any case. */
export const needLifecycle = lifecycle<'reported' | 'in_service' | 'fulfilled' | 'closed_unmet', 'start_service' | 'fulfil' | 'close_unmet'>('need', {
  start_service: { from: ['reported'], to: 'in_service' },
  fulfil: { from: ['reported', 'in_service'], to: 'fulfilled' },
  close_unmet: { from: ['reported', 'in_service'], to: 'closed_unmet' },
});

/** posted → claimed → fulfilled by the claimant; posted or claimed → fulfilled when the need's case closes resolved. */
export const microWishLifecycle = lifecycle<'posted' | 'claimed' | 'fulfilled', 'claim' | 'fulfil' | 'fulfil_by_case'>('micro-wish', {
  claim: { from: ['posted'], to: 'claimed' },
  fulfil: { from: ['claimed'], to: 'fulfilled' },
  fulfil_by_case: { from: ['posted', 'claimed'], to: 'fulfilled' },
});

export const microProjectLifecycle = lifecycle<'planned' | 'in_progress' | 'completed' | 'cancelled', 'start' | 'complete' | 'cancel'>(
  'micro-project',
  {
    start: { from: ['planned'], to: 'in_progress' },
    complete: { from: ['in_progress'], to: 'completed' },
    cancel: { from: ['planned', 'in_progress'], to: 'cancelled' },
  },
);

export const meetingLifecycle = lifecycle<'scheduled' | 'held' | 'cancelled', 'hold' | 'cancel'>('meeting', {
  hold: { from: ['scheduled'], to: 'held' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
});

export const disclosureLifecycle = lifecycle<'published' | 'withdrawn', 'withdraw'>('disclosure', {
  withdraw: { from: ['published'], to: 'withdrawn' },
});
