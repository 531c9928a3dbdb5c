import type { KeyValue } from '../ports/key-value';
import type { Clock } from '../ports/clock';
import {
  admit,
  applyAction,
  newBreaker,
  recordCall,
  snapshotOf,
  type BreakerAction,
  type BreakerConfig,
  type BreakerRecord,
  type BreakerSnapshot,
  type BreakerTransition,
} from '../domain/breaker';

const key = (integration: string) => `breaker:${integration}`;

export class BreakerOpenError extends Error {
  constructor(
    readonly integration: string,
    readonly nextProbeAt: string | null,
  ) {
    super(`${integration} is unavailable: its circuit breaker is open${nextProbeAt ? ` until ${nextProbeAt}` : ''}`);
    this.name = 'BreakerOpenError';
  }
}

/**
 * Calls through a breaker whose record lives in the KeyValue port: every worker (every thread, every
 * process on the same store) admits and records against one state. Each read-modify-write is a
 * compare-and-set, retried when another worker wrote in between.
 */
export class Breakers {
  constructor(
    private readonly kv: KeyValue,
    private readonly clock: Clock,
    private readonly configs: ReadonlyMap<string, BreakerConfig>,
    private readonly onTransition: (integration: string, t: BreakerTransition) => void = () => undefined,
  ) {}

  private config(integration: string): BreakerConfig {
    const cfg = this.configs.get(integration);
    if (!cfg) throw new Error(`no breaker configured for integration ${integration}`);
    return cfg;
  }

  private async update<R>(integration: string, step: (rec: BreakerRecord, now: number) => { record: BreakerRecord; transition: BreakerTransition | null; result: R }): Promise<R> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const stored = await this.kv.get<BreakerRecord>(key(integration));
      const now = this.clock.now();
      const { record, transition, result } = step(stored?.value ?? newBreaker(), now);
      if (record !== stored?.value || !stored) {
        if ((await this.kv.compareAndSet(key(integration), stored?.version ?? null, record)) === null) continue;
      }
      if (transition) this.onTransition(integration, transition);
      return result;
    }
    throw new Error(`breaker ${integration}: too much write contention`);
  }

  /** Runs `call` if the breaker admits it, and records the outcome; throws BreakerOpenError when it does not. */
  async call<T>(integration: string, call: () => Promise<T>): Promise<T> {
    const cfg = this.config(integration);
    const admission = await this.update(integration, (rec, now) => {
      const a = admit(rec, cfg, now);
      return { record: a.record, transition: a.transition, result: a };
    });
    if (!admission.allowed) throw new BreakerOpenError(integration, snapshotOf(admission.record, cfg, this.clock.now()).next_probe_at);
    const started = this.clock.now();
    try {
      const value = await call();
      await this.record(integration, { ok: true, latencyMs: this.clock.now() - started, probe: admission.probe });
      return value;
    } catch (error) {
      await this.record(integration, { ok: false, latencyMs: this.clock.now() - started, error: (error as Error).message, probe: admission.probe });
      throw error;
    }
  }

  private record(integration: string, call: { ok: boolean; latencyMs: number; error?: string; probe: boolean }): Promise<void> {
    const cfg = this.config(integration);
    return this.update(integration, (rec, now) => ({ ...recordCall(rec, cfg, now, call), result: undefined }));
  }

  async act(integration: string, action: BreakerAction, reason: string, actor: string): Promise<BreakerSnapshot> {
    const cfg = this.config(integration);
    return this.update(integration, (rec, now) => {
      const r = applyAction(rec, action, now, reason, actor);
      return { ...r, result: snapshotOf(r.record, cfg, now) };
    });
  }

  async snapshot(integration: string): Promise<BreakerSnapshot> {
    const stored = await this.kv.get<BreakerRecord>(key(integration));
    return snapshotOf(stored?.value ?? newBreaker(), this.config(integration), this.clock.now());
  }
}
