import type { BreakerStore } from '../../ports/breaker-store';
import type { Clock } from '../../ports/clock';
import { snapshotOf, type BreakerAction, type BreakerConfig, type BreakerSnapshot, type BreakerTransition, type CallResult } from '../../domain/breaker';

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
 * Calls through a breaker whose record lives in the BreakerStore port: every worker (every thread, every
 * process on the same store) admits and records against one state, each step atomic in the store.
 */
export class Breakers {
  constructor(
    private readonly store: BreakerStore,
    private readonly clock: Clock,
    private readonly configs: ReadonlyMap<string, BreakerConfig>,
    private readonly onTransition: (integration: string, t: BreakerTransition) => void = () => undefined,
    /** The config in force now: the configured one with an operator's changes (change-setting), read at every step. */
    private readonly tuned: (integration: string, configured: BreakerConfig) => Promise<BreakerConfig> = (_integration, configured) => Promise.resolve(configured),
  ) {}

  async config(integration: string): Promise<BreakerConfig> {
    const cfg = this.configs.get(integration);
    if (!cfg) throw new Error(`no breaker configured for integration ${integration}`);
    return this.tuned(integration, cfg);
  }

  private announce(integration: string, transition: BreakerTransition | null): void {
    if (transition) this.onTransition(integration, transition);
  }

  /** Runs `call` if the breaker admits it, and records the outcome; throws BreakerOpenError when it does not. */
  async call<T>(integration: string, call: () => Promise<T>): Promise<T> {
    const cfg = await this.config(integration);
    const admission = await this.store.admit(integration, cfg, this.clock.now());
    this.announce(integration, admission.transition);
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

  /** Under the config in force when the call ended: a change made while it was out applies to its outcome. */
  private async record(integration: string, call: CallResult): Promise<void> {
    const { transition } = await this.store.record(integration, await this.config(integration), call, this.clock.now());
    this.announce(integration, transition);
  }

  async act(integration: string, action: BreakerAction, reason: string, actor: string): Promise<BreakerSnapshot> {
    const cfg = await this.config(integration);
    const now = this.clock.now();
    const { record, transition } = await this.store.apply(integration, { action, reason, actor }, now);
    this.announce(integration, transition);
    return snapshotOf(record, cfg, now);
  }

  async snapshot(integration: string): Promise<BreakerSnapshot> {
    const cfg = await this.config(integration);
    return snapshotOf(await this.store.get(integration), cfg, this.clock.now());
  }
}
