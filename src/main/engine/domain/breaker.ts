/**
 * Circuit breaker as a pure state machine over a plain, serialisable record. Written by hand rather than
 * with cockatiel or opossum: those keep state inside an in-process object with timers, while here every
 * worker must see one state (the record lives behind the KeyValue port) and exactly
 * `halfOpenProbeCount` probes may pass after the cooldown. Every function returns a new record and the
 * transition it caused, if any, for the timeline and the metrics.
 */
export type BreakerPhase = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerConfig {
  /** Failures within the window that open the breaker (the runbooks' failure_threshold). */
  failureThreshold: number;
  /** Optional: also open when failures / calls reaches this share, once `minCalls` calls are in the window. */
  failureRate?: number;
  minCalls: number;
  windowMs: number;
  /** open_cooldown_seconds, in ms: how long OPEN rejects before probes are let through. */
  openCooldownMs: number;
  /** half_open_probe_count: probes allowed after the cooldown; all must succeed to close. */
  halfOpenProbeCount: number;
}

export interface BreakerTransition {
  at: number;
  from: BreakerPhase;
  to: BreakerPhase;
  cause: string;
}

interface Bucket {
  start: number;
  successes: number;
  failures: number;
}

export interface BreakerRecord {
  phase: BreakerPhase;
  buckets: Bucket[];
  openedAt: number | null;
  probesInFlight: number;
  probeSuccesses: number;
  /** Set by an operator: held open or closed until `reset`. */
  forced: 'open' | 'closed' | null;
  /** Who forced it (absent in records stored before this was kept). */
  forcedBy?: string | null;
  lastTransition: BreakerTransition | null;
  /** The latest call durations (ms), newest last. */
  latencies: number[];
}

const BUCKETS = 10;
const LATENCIES = 50;

export function newBreaker(): BreakerRecord {
  return { phase: 'CLOSED', buckets: [], openedAt: null, probesInFlight: 0, probeSuccesses: 0, forced: null, lastTransition: null, latencies: [] };
}

function live(buckets: Bucket[], cfg: BreakerConfig, now: number): Bucket[] {
  return buckets.filter((b) => b.start > now - cfg.windowMs);
}

function counts(rec: BreakerRecord, cfg: BreakerConfig, now: number): { successes: number; failures: number } {
  let successes = 0;
  let failures = 0;
  for (const b of live(rec.buckets, cfg, now)) {
    successes += b.successes;
    failures += b.failures;
  }
  return { successes, failures };
}

function move(rec: BreakerRecord, to: BreakerPhase, now: number, cause: string): { record: BreakerRecord; transition: BreakerTransition } {
  const transition = { at: now, from: rec.phase, to, cause };
  const record: BreakerRecord = {
    ...rec,
    phase: to,
    lastTransition: transition,
    openedAt: to === 'OPEN' ? now : rec.openedAt,
    probesInFlight: 0,
    probeSuccesses: 0,
    // A fresh start: failures from before the breaker opened must not reopen it the moment it closes.
    buckets: to === 'CLOSED' ? [] : rec.buckets,
  };
  return { record, transition };
}

export interface Admission {
  allowed: boolean;
  /** The call is one of the half-open probes: report it with `probe: true`. */
  probe: boolean;
  record: BreakerRecord;
  transition: BreakerTransition | null;
}

/** May a call go out now? OPEN becomes HALF_OPEN once the cooldown has passed. */
export function admit(rec: BreakerRecord, cfg: BreakerConfig, now: number): Admission {
  if (rec.forced === 'open') return { allowed: false, probe: false, record: rec, transition: null };
  if (rec.forced === 'closed' || rec.phase === 'CLOSED') return { allowed: true, probe: false, record: rec, transition: null };
  let record = rec;
  let transition: BreakerTransition | null = null;
  if (rec.phase === 'OPEN') {
    if (now < (rec.openedAt ?? now) + cfg.openCooldownMs) return { allowed: false, probe: false, record: rec, transition: null };
    ({ record, transition } = move(rec, 'HALF_OPEN', now, `cooldown of ${cfg.openCooldownMs / 1000} s elapsed`));
  }
  if (record.probesInFlight + record.probeSuccesses >= cfg.halfOpenProbeCount) return { allowed: false, probe: false, record, transition };
  return { allowed: true, probe: true, record: { ...record, probesInFlight: record.probesInFlight + 1 }, transition };
}

export interface CallResult {
  ok: boolean;
  latencyMs: number;
  error?: string;
  probe: boolean;
}

/** Records how a call went; may open (threshold, rate, failed probe) or close (every probe succeeded). */
export function recordCall(rec: BreakerRecord, cfg: BreakerConfig, now: number, call: CallResult): { record: BreakerRecord; transition: BreakerTransition | null } {
  const bucketStart = now - (now % Math.max(1, Math.floor(cfg.windowMs / BUCKETS)));
  const buckets = live(rec.buckets, cfg, now);
  let bucket = buckets.at(-1);
  if (!bucket || bucket.start !== bucketStart) {
    bucket = { start: bucketStart, successes: 0, failures: 0 };
    buckets.push(bucket);
  }
  bucket = { ...bucket, successes: bucket.successes + (call.ok ? 1 : 0), failures: bucket.failures + (call.ok ? 0 : 1) };
  buckets[buckets.length - 1] = bucket;
  const record: BreakerRecord = { ...rec, buckets, latencies: [...rec.latencies, call.latencyMs].slice(-LATENCIES) };
  if (record.forced) return { record, transition: null };

  if (record.phase === 'HALF_OPEN' && call.probe) {
    if (!call.ok) return move(record, 'OPEN', now, `probe failed: ${call.error ?? 'error'}`);
    const probed = { ...record, probesInFlight: Math.max(0, record.probesInFlight - 1), probeSuccesses: record.probeSuccesses + 1 };
    if (probed.probeSuccesses >= cfg.halfOpenProbeCount) return move(probed, 'CLOSED', now, `${cfg.halfOpenProbeCount} probe(s) succeeded`);
    return { record: probed, transition: null };
  }
  if (record.phase === 'CLOSED' && !call.ok) {
    const c = counts(record, cfg, now);
    const calls = c.failures + c.successes;
    if (c.failures >= cfg.failureThreshold) {
      return move(record, 'OPEN', now, `${c.failures} failures in ${cfg.windowMs / 1000} s (threshold ${cfg.failureThreshold}): ${call.error ?? 'error'}`);
    }
    if (cfg.failureRate !== undefined && calls >= cfg.minCalls && c.failures / calls >= cfg.failureRate) {
      return move(record, 'OPEN', now, `failure rate ${Math.round((100 * c.failures) / calls)} % over ${calls} calls: ${call.error ?? 'error'}`);
    }
  }
  return { record, transition: null };
}

export type BreakerAction = 'force-open' | 'force-close' | 'reset';

/** An operator's action. force-* holds the breaker until reset; reset returns to CLOSED with no history. */
export function applyAction(rec: BreakerRecord, action: BreakerAction, now: number, reason: string, actor: string): { record: BreakerRecord; transition: BreakerTransition | null } {
  if (action === 'reset') {
    const { record, transition } = move({ ...rec, forced: null, forcedBy: null }, 'CLOSED', now, `reset: ${reason}`);
    return { record: { ...record, buckets: [], latencies: [] }, transition };
  }
  const to: BreakerPhase = action === 'force-open' ? 'OPEN' : 'CLOSED';
  const { record, transition } = move(rec, to, now, `${action}: ${reason}`);
  return { record: { ...record, forced: action === 'force-open' ? 'open' : 'closed', forcedBy: actor }, transition };
}

export interface BreakerSnapshot {
  state: BreakerPhase;
  forced: 'open' | 'closed' | null;
  forced_by: string | null;
  failures: number;
  successes: number;
  last_transition: { at: string; from: BreakerPhase; to: BreakerPhase; cause: string } | null;
  next_probe_at: string | null;
  latency_ms: { p50: number | null; p95: number | null; max: number | null };
}

/** What GET /api/breakers shows per integration. */
export function snapshotOf(rec: BreakerRecord, cfg: BreakerConfig, now: number): BreakerSnapshot {
  const c = counts(rec, cfg, now);
  const sorted = [...rec.latencies].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : null);
  const t = rec.lastTransition;
  return {
    state: rec.phase,
    forced: rec.forced,
    forced_by: rec.forced ? (rec.forcedBy ?? null) : null,
    failures: c.failures,
    successes: c.successes,
    last_transition: t ? { at: new Date(t.at).toISOString(), from: t.from, to: t.to, cause: t.cause } : null,
    next_probe_at: rec.phase === 'OPEN' && !rec.forced && rec.openedAt !== null ? new Date(rec.openedAt + cfg.openCooldownMs).toISOString() : null,
    latency_ms: { p50: at(50), p95: at(95), max: sorted.at(-1) ?? null },
  };
}
