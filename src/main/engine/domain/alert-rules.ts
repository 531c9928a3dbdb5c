/**
 * Alert rules as data, evaluated by a pure function per sample: inactive -> pending (the condition holds)
 * -> firing (it held for `durationMs`, and the rule's `cooldownMs` since its last firing has passed)
 * -> resolved (it stopped holding) -> inactive. Silences mute notifications, never the state.
 */
import type { ALERT_LABELS } from '../../../shared/schemas/alerts';

type AlertLabel = (typeof ALERT_LABELS)[number];

/** `warning`: the rule's own threshold, at the rule's severity; `critical`: its optional higher tier (alert-tiers.ts). */
export type Tier = 'warning' | 'critical';

export type Operator = '>' | '>=' | '<' | '<=' | '==' | '!=';
export type AlertStatus = 'inactive' | 'pending' | 'firing';

export interface AlertRule {
  id: string;
  metric: string;
  /** threshold: compare the value; rate: the caller passes a per-second rate; absence: no sample for `threshold` ms. */
  type: 'threshold' | 'rate' | 'absence';
  operator: Operator;
  threshold: number;
  durationMs: number;
  severity: 'info' | 'warning' | 'high' | 'critical';
  message: string;
  cooldownMs: number;
  enabled: boolean;
  /** The second, higher tier: beyond `threshold` in the operator's direction, for its own duration. */
  critical?: { threshold: number; durationMs: number; message?: string };
  /** The rule's own labels (team, service, ...), carried by every alert of the rule. */
  labels?: Record<string, string>;
}

export interface AlertState {
  status: AlertStatus;
  /** When the condition started holding (pending) or the alert fired (firing). */
  since: number | null;
  lastValue: number | null;
  lastSampleAt: number | null;
  lastFiredAt: number | null;
  /** Tiered rules: the tier firing now (absent: the rule's own tier). */
  tier?: Tier;
  /** Tiered rules: since when each tier's condition holds without a break (null: it does not hold). */
  holding?: Record<Tier, number | null>;
}

export interface Sample {
  at: number;
  /** null: no data point this time (what absence rules look for). */
  value: number | null;
}

export type AlertEvent = { kind: 'pending' | 'firing' | 'resolved'; at: number; value: number | null };

export const initialAlertState = (): AlertState => ({ status: 'inactive', since: null, lastValue: null, lastSampleAt: null, lastFiredAt: null });

export function compare(value: number, op: Operator, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function holds(rule: Pick<AlertRule, 'type' | 'operator' | 'threshold'>, state: AlertState, sample: Sample): boolean {
  if (rule.type === 'absence') {
    const lastSeen = sample.value !== null ? sample.at : state.lastSampleAt;
    return lastSeen === null || sample.at - lastSeen >= rule.threshold;
  }
  return sample.value !== null && compare(sample.value, rule.operator, rule.threshold);
}

export function evaluateRule(rule: AlertRule, state: AlertState, sample: Sample): { state: AlertState; events: AlertEvent[] } {
  const seen = { lastValue: sample.value ?? state.lastValue, lastSampleAt: sample.value !== null ? sample.at : state.lastSampleAt };
  if (!rule.enabled) {
    const events: AlertEvent[] = state.status === 'firing' ? [{ kind: 'resolved', at: sample.at, value: sample.value }] : [];
    return { state: { ...state, ...seen, status: 'inactive', since: null }, events };
  }
  const condition = holds(rule, state, sample);
  if (!condition) {
    const events: AlertEvent[] = state.status === 'firing' ? [{ kind: 'resolved', at: sample.at, value: sample.value }] : [];
    return { state: { ...state, ...seen, status: 'inactive', since: null }, events };
  }
  if (state.status === 'firing') return { state: { ...state, ...seen }, events: [] };
  const events: AlertEvent[] = [];
  let next: AlertState = { ...state, ...seen };
  if (state.status === 'inactive') {
    next = { ...next, status: 'pending', since: sample.at };
    events.push({ kind: 'pending', at: sample.at, value: sample.value });
  }
  const heldLongEnough = sample.at - (next.since as number) >= rule.durationMs;
  const cooledDown = next.lastFiredAt === null || sample.at - next.lastFiredAt >= rule.cooldownMs;
  if (heldLongEnough && cooledDown) {
    next = { ...next, status: 'firing', since: sample.at, lastFiredAt: sample.at };
    events.push({ kind: 'firing', at: sample.at, value: sample.value });
  }
  return { state: next, events };
}

/** What a pending alert still waits for before it can fire: its `for` duration, or the cooldown since it last fired. */
export interface PendingWait {
  waitingFor: 'duration' | 'cooldown';
  remainingMs: number;
}

/** The wait of a pending rule at `now` (the longer of the two; it fires on the first sample after both passed). */
export function pendingWait(rule: Pick<AlertRule, 'durationMs' | 'cooldownMs'>, state: AlertState, now: number): PendingWait | null {
  if (state.status !== 'pending' || state.since === null) return null;
  const duration = state.since + rule.durationMs - now;
  const cooldown = state.lastFiredAt === null ? 0 : state.lastFiredAt + rule.cooldownMs - now;
  return cooldown > duration
    ? { waitingFor: 'cooldown', remainingMs: Math.max(0, cooldown) }
    : { waitingFor: 'duration', remainingMs: Math.max(0, duration) };
}

/** The labels of a rule's alerts of one tier: its own labels and ALERT_LABELS (what silences match on). */
export function labelsOf(rule: AlertRule, tier: Tier = 'warning'): Record<AlertLabel, string> & Record<string, string> {
  return { ...rule.labels, alertname: rule.id, severity: tier === 'critical' ? 'critical' : rule.severity, metric: rule.metric };
}

/** Appends to a newest-first history, keeping at most `max` entries. */
export function pushHistory<T>(history: readonly T[], entry: T, max = 200): T[] {
  return [entry, ...history].slice(0, max);
}
