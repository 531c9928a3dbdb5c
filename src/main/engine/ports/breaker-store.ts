import type { Admission, BreakerAction, BreakerConfig, BreakerRecord, BreakerTransition, CallResult } from '../domain/breaker';

/**
 * Where the circuit breakers' records live, shared by every worker (threads and processes on one store). Each
 * write is one atomic step of the state machine in domain/breaker.ts: read the record, apply the step, store it,
 * with no other worker's step in between. That is what lets exactly `halfOpenProbeCount` probes through however
 * many workers ask at once. A missing record is a fresh, closed breaker.
 */
export interface BreakerStoreReads {
  get(integration: string): Promise<BreakerRecord>;
}

/** The record after a step, and the transition the step caused, if any. */
export interface BreakerStep {
  record: BreakerRecord;
  transition: BreakerTransition | null;
}

/** An operator's action on a breaker: who, and why. */
export interface BreakerChange {
  action: BreakerAction;
  reason: string;
  actor: string;
}

export interface BreakerStoreWrites {
  /** `admit` of the domain: may a call go out at `now`? */
  admit(integration: string, config: BreakerConfig, now: number): Promise<Admission>;
  /** `recordCall` of the domain: how an admitted call went. */
  record(integration: string, config: BreakerConfig, call: CallResult, now: number): Promise<BreakerStep>;
  /** `applyAction` of the domain: force-open, force-close or reset. */
  apply(integration: string, change: BreakerChange, now: number): Promise<BreakerStep>;
}

export interface BreakerStore extends BreakerStoreReads, BreakerStoreWrites {}
