/**
 * Tiered alert rules, as Alertmanager sees them: each tier is its own alert (its severity label gives it its own
 * fingerprint) and the higher tier inhibits the lower. A tier is due once its own condition has held for its own
 * duration; the rule fires the highest due tier. Escalating and de-escalating switch tiers in one evaluation (the
 * old tier resolves, the new one fires, with no cooldown: it is the same incident going on). The cooldown holds
 * back a firing only once the condition has stopped holding since the rule last fired (a new incident), counted
 * from that firing. Rules without a critical tier are evaluated by evaluateRule, exactly as before tiers existed.
 */
import { evaluateRule, holds, pendingWait, type AlertRule, type AlertState, type PendingWait, type Sample, type Tier } from './alert-rules';

export type TierEvent = { kind: 'pending' | 'firing' | 'resolved'; tier: Tier; at: number; value: number | null };

export interface TierSpec {
  tier: Tier;
  threshold: number;
  durationMs: number;
  severity: AlertRule['severity'];
  message: string;
}

/** A rule's tiers, lowest first: its own, then the critical one when it has one. */
export function tiersOf(rule: AlertRule): TierSpec[] {
  const warning: TierSpec = { tier: 'warning', threshold: rule.threshold, durationMs: rule.durationMs, severity: rule.severity, message: rule.message };
  if (!rule.critical) return [warning];
  return [warning, { tier: 'critical', threshold: rule.critical.threshold, durationMs: rule.critical.durationMs, severity: 'critical', message: rule.critical.message ?? rule.message }];
}

/** One tier of a rule (the rule's own when it no longer has the one asked for). */
export function tierOf(rule: AlertRule, tier: Tier): TierSpec {
  const tiers = tiersOf(rule);
  return tiers.find((t) => t.tier === tier) ?? (tiers[0] as TierSpec);
}

/** Why a rule's critical tier cannot be stored (field first), or null when it can. */
export function tierProblem(rule: Pick<AlertRule, 'type' | 'operator' | 'threshold' | 'severity' | 'critical'>): string | null {
  const critical = rule.critical;
  if (!critical) return null;
  if (rule.severity === 'critical') return "severity: a rule with a critical tier needs a lower severity of its own (info, warning or high); the critical tier's alerts are critical";
  const up = rule.type === 'absence' || rule.operator === '>' || rule.operator === '>=';
  const down = rule.type !== 'absence' && (rule.operator === '<' || rule.operator === '<=');
  if (!up && !down) return `critical: operator ${rule.operator} has no direction to escalate in; a critical tier needs >, >=, < or <=`;
  const what = rule.type === 'absence' ? 'a longer absence' : `operator ${rule.operator}`;
  if (up && !(critical.threshold > rule.threshold)) return `critical.threshold: must be above the warning threshold ${rule.threshold} (${what}); got ${critical.threshold}`;
  if (down && !(critical.threshold < rule.threshold)) return `critical.threshold: must be below the warning threshold ${rule.threshold} (${what}); got ${critical.threshold}`;
  return null;
}

const NOT_HOLDING: Record<Tier, number | null> = { warning: null, critical: null };

/** Since when each tier holds; a state stored before the rule had tiers only knows its own tier. */
function holdingOf(state: AlertState): Record<Tier, number | null> {
  if (state.holding) return state.holding;
  if (state.status === 'pending') return { warning: state.since, critical: null };
  // It fired, so its condition has held at least its duration: "long ago" keeps it due.
  if (state.status === 'firing') return { warning: 0, critical: null };
  return NOT_HOLDING;
}

const firingTier = (state: AlertState): Tier | null => (state.status === 'firing' ? (state.tier ?? 'warning') : null);
const isTiered = (rule: AlertRule, state: AlertState) => rule.critical !== undefined || state.tier === 'critical';

/** Whether the rule may fire from quiet at `at`: the cooldown has passed, or the condition held on since it last fired. */
function cooledDown(rule: AlertRule, state: AlertState, warningSince: number, at: number): boolean {
  const last = state.lastFiredAt;
  return last === null || warningSince <= last || at - last >= rule.cooldownMs;
}

function quiet(state: AlertState): AlertState {
  const { tier: _tier, ...rest } = state;
  return rest;
}

/** A tiered rule on one sample: the new state and the transitions of each tier's alert, in order. */
export function evaluateTiers(rule: AlertRule, state: AlertState, sample: Sample): { state: AlertState; events: TierEvent[] } {
  const { at, value } = sample;
  const seen = { lastValue: value ?? state.lastValue, lastSampleAt: value !== null ? at : state.lastSampleAt };
  const before = holdingOf(state);
  const tiers = tiersOf(rule);
  const holding: Record<Tier, number | null> = { ...NOT_HOLDING };
  if (rule.enabled) for (const t of tiers) holding[t.tier] = holds({ ...rule, threshold: t.threshold }, state, sample) ? (before[t.tier] ?? at) : null;
  const due = [...tiers].reverse().find((t) => {
    const since = holding[t.tier];
    return since !== null && at - since >= t.durationMs;
  })?.tier ?? null;
  const current = firingTier(state);
  const next: AlertState = { ...state, ...seen, holding };

  if (current !== null && due === current) return { state: next, events: [] };
  if (current !== null && due !== null) {
    return { state: { ...next, status: 'firing', since: at, tier: due }, events: [{ kind: 'resolved', tier: current, at, value }, { kind: 'firing', tier: due, at, value }] };
  }
  const events: TierEvent[] = current !== null ? [{ kind: 'resolved', tier: current, at, value }] : [];
  // Not firing now. The lowest tier holds whenever a higher one does.
  if (holding.warning === null) return { state: quiet({ ...next, status: 'inactive', since: null }), events };
  if (state.status === 'inactive') events.push({ kind: 'pending', tier: 'warning', at, value });
  if (due !== null && current === null && cooledDown(rule, state, holding.warning, at)) {
    events.push({ kind: 'firing', tier: due, at, value });
    return { state: { ...next, status: 'firing', since: at, lastFiredAt: at, tier: due }, events };
  }
  return { state: quiet({ ...next, status: 'pending', since: holding.warning }), events };
}

/** Any rule on one sample: tiered rules by evaluateTiers, the others by evaluateRule (their events are the warning tier's). */
export function evaluateAlert(rule: AlertRule, state: AlertState, sample: Sample): { state: AlertState; events: TierEvent[] } {
  if (isTiered(rule, state)) return evaluateTiers(rule, state, sample);
  const r = evaluateRule(rule, state, sample);
  // evaluateRule does not keep the tiers' bookkeeping: drop what a former critical tier left, so a tier added
  // later starts from what holds then.
  const { holding: _holding, tier: _tier, ...untiered } = r.state;
  return { state: untiered, events: r.events.map((e) => ({ ...e, tier: 'warning' as const })) };
}

export interface TierWait extends PendingWait {
  tier: Tier;
  severity: AlertRule['severity'];
  message: string;
  /** When this tier's condition started holding. */
  since: number;
}

/**
 * The tiers whose condition holds but which do not fire yet, with what each waits for (its duration, or the
 * cooldown when the rule is quiet): a critical tier can wait while the warning one fires.
 */
export function pendingWaits(rule: AlertRule, state: AlertState, now: number): TierWait[] {
  if (!isTiered(rule, state)) {
    const wait = pendingWait(rule, state, now);
    return wait && state.since !== null ? [{ ...wait, tier: 'warning', severity: rule.severity, message: rule.message, since: state.since }] : [];
  }
  if (!rule.enabled) return [];
  const current = firingTier(state);
  const holding = holdingOf(state);
  const tiers = tiersOf(rule);
  const above = current === null ? tiers : tiers.slice(tiers.findIndex((t) => t.tier === current) + 1);
  return above.flatMap((t) => {
    const since = holding[t.tier];
    if (since === null) return [];
    const duration = since + t.durationMs - now;
    const warningSince = holding.warning ?? since;
    const cooldown = current !== null || cooledDown(rule, state, warningSince, now) || state.lastFiredAt === null ? 0 : state.lastFiredAt + rule.cooldownMs - now;
    const wait: PendingWait = cooldown > duration ? { waitingFor: 'cooldown', remainingMs: Math.max(0, cooldown) } : { waitingFor: 'duration', remainingMs: Math.max(0, duration) };
    return [{ ...wait, tier: t.tier, severity: t.severity, message: t.message, since }];
  });
}
