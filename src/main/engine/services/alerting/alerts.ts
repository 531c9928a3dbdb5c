import { createHash } from 'node:crypto';
import { AppError } from '../../../../shared/errors';
import type { AlertRuleDefinition, AlertRuleView, AlertView, CreateSilenceInput, SilenceView } from '../../../../shared/schemas/alerts';
import type { PendingAlert, SilencedAlert } from '../../../../shared/schemas/attention';
import { SERIES } from '../../../../shared/schemas/series';
import type { KeyValue } from '../../ports/key-value';
import type { Clock } from '../../ports/clock';
import { SYSTEM_WORKSPACE, type OpsAuditLog } from '../../ports/audit-store';
import type { Principal } from '../../ports/records';
import { initialAlertState, labelsOf, pushHistory, type AlertRule, type AlertState, type Sample, type Tier } from '../../domain/alert-rules';
import { evaluateAlert, pendingWaits, tierOf, tierProblem, type TierEvent } from '../../domain/alert-tiers';
import { describeMatchers, expireSilence, isSilenced, matchersFromRecord, silenceProblem, silenceState, type Silence } from '../../domain/silences';
import type { RingBuffer } from '../../domain/series';
import { DEFAULT_ALERT_RULES } from '../../domain/default-alert-rules';
import type { SeriesPoint } from './sampler';
import { newId } from '../ids';
import { opsAuditEvent } from '../audit-events';
import type { OpsAuditEventType } from '../../../../shared/schemas/audit';
import type { JsonObject } from '../../../../shared/schemas/common';

const RULE = 'alert-rule:';
const STATE = 'alert-state:';
const SILENCE = 'alert-silence:';
const HISTORY = 'alert-history';

interface RuleVersion {
  version: number;
  rule: AlertRuleDefinition;
  at: number;
  by: string;
  reason: string;
}

interface StoredState extends AlertState {
  /** The firing alert this state belongs to, while it fires. */
  alert: AlertView | null;
}

/** Where firing and resolved alerts go (the webhook notifier), unless a silence matches. */
export interface AlertSink {
  notify(alert: AlertView): void;
}

export interface AlertEvents {
  alertFired(ruleId: string, severity: string): void;
  /** Something open UIs show changed (fired, resolved, acknowledged). */
  alertsChanged(): void;
}

const toDomain = (r: AlertRuleDefinition): AlertRule => ({
  id: r.id, metric: r.metric, type: r.type, operator: r.operator, threshold: r.threshold, durationMs: r.duration,
  severity: r.severity, message: r.message, cooldownMs: r.cooldown, enabled: r.enabled,
  ...(r.critical ? { critical: { threshold: r.critical.threshold, durationMs: r.critical.duration, ...(r.critical.message ? { message: r.critical.message } : {}) } } : {}),
  ...(r.labels ? { labels: r.labels } : {}),
});

/** Why an alert of this rule resolves, from the event that follows it in the same evaluation. */
function resolvedWhy(rule: AlertRuleDefinition, following: TierEvent | undefined): string {
  if (following?.kind === 'firing') return following.tier === 'critical' ? 'escalated to critical' : 'back below the critical threshold: warning again';
  return rule.enabled ? 'condition cleared' : 'rule disabled';
}

const iso = (ms: number) => new Date(ms).toISOString();

export function fingerprintOf(labels: Record<string, string>): string {
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function silenceView(s: Silence, now: number): SilenceView {
  const state = silenceState(s, now);
  return { id: s.id, matchers: s.matchers, starts_at: iso(s.startsAt), ends_at: iso(s.endsAt), comment: s.comment, created_by: s.createdBy, state, active: state === 'active' };
}

/** Silences stored before matchers were a list kept `{label: value}`. */
function upgradeStored(s: Silence | (Omit<Silence, 'matchers'> & { matchers: Record<string, string> })): Silence {
  return Array.isArray(s.matchers) ? (s as Silence) : { ...s, matchers: matchersFromRecord(s.matchers) };
}

/**
 * The alert engine: rules are data (versioned in the KeyValue store), evaluated on every point of the engine's
 * series. pending -> firing -> resolved, with acknowledgements and silences; firing and resolved alerts go to
 * the notifier and the incident timeline. A rule edit keeps its state, so an edit never drops a firing alert:
 * it resolves (with a notification) when the edited condition no longer holds or the rule is disabled.
 */
export class AlertEngine {
  private rules = new Map<string, RuleVersion[]>();
  private states = new Map<string, StoredState>();
  private silences: Silence[] = [];
  private history: AlertView[] = [];
  private historySaved: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: {
      kv: KeyValue;
      clock: Clock;
      audit: OpsAuditLog;
      sink: AlertSink | null;
      events: AlertEvents;
      historyMax: number;
      log: { error(obj: object, msg: string): void };
    },
  ) {}

  /**
   * Loads rules, states, silences and history. Stores the default rules on first start, and a default rule a later
   * version added on the first start of that version; a stored rule (edited or disabled) is never touched.
   */
  async load(): Promise<void> {
    for (const { key, value } of await this.o.kv.list<{ versions: RuleVersion[] }>(RULE)) this.rules.set(key.slice(RULE.length), value.versions);
    const at = this.o.clock.now();
    for (const rule of DEFAULT_ALERT_RULES.filter((r) => !this.rules.has(r.id))) {
      try {
        await this.storeVersion(rule, 'system', 'default rule from the runbooks', at);
      } catch (error) {
        // Another process starting at the same time stored it first: take its version.
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        const stored = await this.o.kv.get<{ versions: RuleVersion[] }>(RULE + rule.id);
        if (stored) this.rules.set(rule.id, stored.value.versions);
      }
    }
    for (const { key, value } of await this.o.kv.list<StoredState>(STATE)) this.states.set(key.slice(STATE.length), value);
    this.silences = (await this.o.kv.list<Parameters<typeof upgradeStored>[0]>(SILENCE)).map((s) => upgradeStored(s.value));
    this.history = (await this.o.kv.get<AlertView[]>(HISTORY))?.value ?? [];
  }

  /**
   * Drops what it holds and loads again: after a restore swapped the database (embedded SQLite keeps rules, states,
   * silences and history in it), so the engine works on what the restored copy holds.
   */
  async reload(): Promise<void> {
    await this.historySaved;
    this.rules.clear();
    this.states.clear();
    await this.load();
  }

  /**
   * Silences as stored now: with several processes, one made through another process's API reaches the alert
   * lead (the process that notifies) here, before its next evaluation.
   */
  async refreshSilences(): Promise<void> {
    this.silences = (await this.o.kv.list<Parameters<typeof upgradeStored>[0]>(SILENCE)).map((s) => upgradeStored(s.value));
  }

  private current(id: string): RuleVersion | undefined {
    return this.rules.get(id)?.at(-1);
  }

  private async storeVersion(rule: AlertRuleDefinition, by: string, reason: string, at: number): Promise<RuleVersion> {
    const stored = await this.o.kv.get<{ versions: RuleVersion[] }>(RULE + rule.id);
    const versions = stored?.value.versions ?? [];
    const next: RuleVersion = { version: (versions.at(-1)?.version ?? 0) + 1, rule, at, by, reason };
    if ((await this.o.kv.compareAndSet(RULE + rule.id, stored?.version ?? null, { versions: [...versions, next] })) === null) {
      throw new AppError('conflict', `alert rule ${rule.id} was changed at the same time; reload and try again`);
    }
    this.rules.set(rule.id, [...versions, next]);
    return next;
  }

  private async put<T>(key: string, value: T): Promise<void> {
    // The evaluator is this object alone: last write wins, so read the version only to write over it.
    for (let i = 0; i < 5; i += 1) {
      const stored = await this.o.kv.get<T>(key);
      if ((await this.o.kv.compareAndSet(key, stored?.version ?? null, value)) !== null) return;
    }
    throw new Error(`could not store ${key}`);
  }

  private audit(eventType: OpsAuditEventType, actor: string, target: string, payload: JsonObject): void {
    this.o.audit
      .appendOpsAudit(opsAuditEvent(eventType, { workspaceId: SYSTEM_WORKSPACE, actor, target, payload, at: this.o.clock.now() }))
      .catch((error: unknown) => this.o.log.error({ err: error, eventType }, 'could not record an alert event'));
  }

  /** The value a rule sees at this point: the series' value, or for `rate` its per-second change since the last point. */
  private sampleFor(rule: AlertRuleDefinition, point: SeriesPoint, series: RingBuffer<SeriesPoint>): Sample {
    const value = point.values[rule.metric] ?? null;
    if (rule.type !== 'rate') return { at: point.at, value };
    const before = series.latest(1);
    const previous = before?.values[rule.metric];
    if (value === null || before === undefined || previous === undefined || previous === null || point.at <= before.at) return { at: point.at, value: null };
    return { at: point.at, value: (value - previous) / ((point.at - before.at) / 1000) };
  }

  /** Evaluates every rule on a new point of the series (already pushed to `series`). */
  async evaluate(point: SeriesPoint, series: RingBuffer<SeriesPoint>): Promise<void> {
    for (const [id] of this.rules) {
      const { rule } = this.current(id) as RuleVersion;
      // A series without a value yet (rates need two points) is not evidence either way: skip, do not resolve.
      if (rule.type !== 'absence' && !(rule.metric in point.values)) continue;
      const before = this.states.get(id) ?? { ...initialAlertState(), alert: null };
      const { state, events } = evaluateAlert(toDomain(rule), before, this.sampleFor(rule, point, series));
      let alert = before.alert;
      // A tier switch is a resolved and a firing in one evaluation: both reach the notifier before it flushes (one batch).
      events.forEach((event, i) => {
        if (event.kind === 'firing') alert = this.fire(rule, event.tier, event.at, event.value);
        if (event.kind === 'resolved' && alert) {
          this.resolve(alert, event.at, event.value, resolvedWhy(rule, events[i + 1]));
          alert = null;
        }
      });
      if (alert && state.status === 'firing') alert = { ...alert, value: state.lastValue };
      const next: StoredState = { ...state, alert };
      this.states.set(id, next);
      const moved = next.status !== before.status || next.tier !== before.tier || JSON.stringify(next.holding) !== JSON.stringify(before.holding);
      if (moved) await this.put(STATE + id, next);
    }
  }

  /** A tier's alert fires: its own labels (severity included, so its own fingerprint), threshold and message. */
  private fire(rule: AlertRuleDefinition, tierName: Tier, at: number, value: number | null): AlertView {
    const domain = toDomain(rule);
    const tier = tierOf(domain, tierName);
    const labels = labelsOf(domain, tier.tier);
    const silence = isSilenced(labels, this.silences, at);
    const alert: AlertView = {
      fingerprint: fingerprintOf(labels), rule_id: rule.id, status: 'firing', severity: tier.severity, message: tier.message,
      metric: rule.metric, value, threshold: tier.threshold, operator: rule.operator, labels, starts_at: iso(at), ends_at: null,
      acknowledged: null, silenced_by: silence?.id ?? null,
    };
    this.o.events.alertFired(rule.id, tier.severity);
    this.record(alert);
    this.audit('ALERT_FIRING', 'alert-engine', rule.id, { severity: tier.severity, value, threshold: tier.threshold, message: tier.message, silenced_by: alert.silenced_by });
    if (!silence) this.o.sink?.notify(alert);
    return alert;
  }

  private resolve(alert: AlertView, at: number, value: number | null, why: string): void {
    const silence = isSilenced(alert.labels, this.silences, at);
    const resolved: AlertView = { ...alert, status: 'resolved', ends_at: iso(at), value, silenced_by: silence?.id ?? null };
    this.record(resolved);
    this.audit('ALERT_RESOLVED', 'alert-engine', alert.rule_id, { value, why });
    if (!silence) this.o.sink?.notify(resolved);
  }

  private record(alert: AlertView): void {
    this.history = pushHistory(this.history, alert, this.o.historyMax);
    this.o.events.alertsChanged();
    // One write at a time, each storing the history as it is then: a slow older write never lands last.
    this.historySaved = this.historySaved
      .then(() => this.put(HISTORY, this.history))
      .catch((error: unknown) => this.o.log.error({ err: error }, 'could not store alert history'));
  }

  /** Firing alerts, newest first; silenced ones only when asked. */
  active(includeSilenced = false): AlertView[] {
    const now = this.o.clock.now();
    return [...this.states.values()]
      .flatMap((s) => (s.status === 'firing' && s.alert ? [s.alert] : []))
      .map((a) => ({ ...a, silenced_by: isSilenced(a.labels, this.silences, now)?.id ?? null }))
      .filter((a) => includeSilenced || a.silenced_by === null)
      .sort((a, b) => (a.starts_at < b.starts_at ? 1 : -1));
  }

  /** Firing alerts a silence mutes now, with that silence. */
  silenced(): SilencedAlert[] {
    return this.active(true).flatMap((a) => {
      const s = this.silences.find((x) => x.id === a.silenced_by);
      return s ? [{ ...a, silence: { id: s.id, ends_at: iso(s.endsAt), created_by: s.createdBy, comment: s.comment } }] : [];
    });
  }

  /** Rule tiers whose condition holds but which have not fired yet, with what they wait for; soonest first. */
  pending(): PendingAlert[] {
    const now = this.o.clock.now();
    return [...this.states.entries()]
      .flatMap(([id, state]) => {
        const rule = this.current(id)?.rule;
        return (rule ? pendingWaits(toDomain(rule), state, now) : []).map((w) => ({
          rule_id: id, severity: w.severity, message: w.message, since: iso(w.since), waiting_for: w.waitingFor, remaining_ms: Math.round(w.remainingMs),
        }));
      })
      .sort((a, b) => a.remaining_ms - b.remaining_ms);
  }

  recent(limit?: number): AlertView[] {
    return this.history.slice(0, limit ?? this.o.historyMax);
  }

  listRules(): AlertRuleView[] {
    return [...this.rules.values()].map((versions) => {
      const v = versions.at(-1) as RuleVersion;
      const state = this.states.get(v.rule.id);
      const firing = state?.status === 'firing' ? tierOf(toDomain(v.rule), state.tier ?? 'warning').severity : null;
      return { ...v.rule, version: v.version, updated_at: iso(v.at), updated_by: v.by, state: state?.status ?? 'inactive', firing_severity: firing, last_value: state?.lastValue ?? null };
    });
  }

  private view(id: string): AlertRuleView {
    return this.listRules().find((r) => r.id === id) as AlertRuleView;
  }

  async saveRule(principal: Principal, rule: AlertRuleDefinition, reason: string, mode: 'create' | 'update'): Promise<AlertRuleView> {
    if (rule.type === 'rate' && SERIES[rule.metric].kind !== 'total') {
      const totals = Object.entries(SERIES).filter(([, s]) => s.kind === 'total').map(([n]) => n).join(', ');
      throw new AppError('validation_failed', `a rate rule needs a running total series (${totals}); ${rule.metric} is a ${SERIES[rule.metric].kind}`);
    }
    const tiers = tierProblem(toDomain(rule));
    if (tiers) throw new AppError('validation_failed', `rule.${tiers}`);
    const exists = this.rules.has(rule.id);
    if (mode === 'create' && exists) throw new AppError('conflict', `alert rule ${rule.id} exists; edit it instead`);
    if (mode === 'update' && !exists) throw new AppError('not_found', `no alert rule ${rule.id}`);
    const version = await this.storeVersion(rule, principal.name, reason, this.o.clock.now());
    this.audit('ALERT_RULE_SAVED', principal.name, rule.id, { version: version.version, reason, enabled: rule.enabled, key_id: principal.keyId });
    return this.view(rule.id);
  }

  async setEnabled(principal: Principal, id: string, enabled: boolean, reason: string): Promise<AlertRuleView> {
    const current = this.current(id);
    if (!current) throw new AppError('not_found', `no alert rule ${id}`);
    return this.saveRule(principal, { ...current.rule, enabled }, reason, 'update');
  }

  async acknowledge(principal: Principal, ruleId: string, comment: string): Promise<AlertView> {
    const state = this.states.get(ruleId);
    if (!this.rules.has(ruleId)) throw new AppError('not_found', `no alert rule ${ruleId}`);
    if (!state || state.status !== 'firing' || !state.alert) throw new AppError('invalid_state', `alert ${ruleId} is not firing`);
    const alert: AlertView = { ...state.alert, acknowledged: { by: principal.name, at: iso(this.o.clock.now()), comment } };
    const next = { ...state, alert };
    this.states.set(ruleId, next);
    await this.put(STATE + ruleId, next);
    this.audit('ALERT_ACKNOWLEDGED', principal.name, ruleId, { comment, key_id: principal.keyId });
    return alert;
  }

  /** Pending (soonest start first), then active, then expired (latest end first). */
  listSilences(): SilenceView[] {
    const now = this.o.clock.now();
    const rank = { pending: 0, active: 1, expired: 2 } as const;
    return this.silences
      .map((s) => silenceView(s, now))
      .sort((a, b) => rank[a.state] - rank[b.state] || (a.state === 'pending' ? a.starts_at.localeCompare(b.starts_at) : b.ends_at.localeCompare(a.ends_at)));
  }

  async createSilence(principal: Principal, input: CreateSilenceInput): Promise<SilenceView> {
    const now = this.o.clock.now();
    const matchers = Array.isArray(input.matchers) ? input.matchers : matchersFromRecord(input.matchers as Record<string, string>);
    const draft = { matchers, startsAt: input.starts_at === undefined ? now : Date.parse(input.starts_at), endsAt: Date.parse(input.ends_at) };
    const problem = silenceProblem(draft, now);
    if (problem) throw new AppError('validation_failed', problem);
    const silence: Silence = { id: newId('sil'), ...draft, comment: input.comment, createdBy: principal.name };
    await this.put(SILENCE + silence.id, silence);
    this.silences.push(silence);
    this.audit('ALERT_SILENCED', principal.name, describeMatchers(matchers), {
      silence_id: silence.id, from: iso(silence.startsAt), until: iso(silence.endsAt), comment: input.comment, key_id: principal.keyId,
    });
    return silenceView(silence, now);
  }

  /** Ends an active silence now, or cancels a pending one. */
  async expireSilence(principal: Principal, id: string, reason?: string): Promise<SilenceView> {
    const now = this.o.clock.now();
    const silence = this.silences.find((s) => s.id === id);
    if (!silence) throw new AppError('not_found', `no silence ${id}`);
    if (silenceState(silence, now) === 'expired') throw new AppError('invalid_state', `silence ${id} has already ended`);
    const expired = expireSilence(silence, now);
    await this.put(SILENCE + id, expired);
    this.silences = this.silences.map((s) => (s.id === id ? expired : s));
    this.audit('ALERT_SILENCE_EXPIRED', principal.name, id, { matchers: describeMatchers(silence.matchers), ...(reason ? { reason } : {}), key_id: principal.keyId });
    return silenceView(expired, now);
  }
}
