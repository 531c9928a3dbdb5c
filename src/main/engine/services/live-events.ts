import { contract, type OpDef, type OpName } from '../../../shared/contract';
import type { LiveEvent, LiveEventKind } from '../../../shared/schemas/events';
import type { Clock } from '../ports/clock';
import type { ChangeBus } from '../ports/change-bus';
import type { PipelineEvents } from './decisions/pipeline-events';

type Listener = (event: LiveEvent) => void;

/**
 * Fans "something changed" out to open UIs. Changes are coalesced per kind for `throttleMs`, so a burst of
 * 5,000 judged decisions is one "decisions" event, not 5,000 refetches. With a bus (production mode) a flush goes
 * to every process, this one included, and what arrives from the bus goes to this process's listeners.
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Set<LiveEventKind>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly throttleMs = 250,
    private readonly bus: ChangeBus | null = null,
    private readonly onBusError: (error: unknown) => void = () => undefined,
  ) {}

  /** Hears the other processes' changes; the returned function stops listening. Without a bus, nothing to do. */
  async listenToBus(): Promise<() => Promise<void>> {
    if (!this.bus) return async () => undefined;
    return this.bus.subscribe((kinds) => this.deliver(kinds));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(...kinds: LiveEventKind[]): void {
    if (this.listeners.size === 0 && !this.bus) return;
    for (const kind of kinds) this.pending.add(kind);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.throttleMs);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private flush(): void {
    this.timer = null;
    const kinds = [...this.pending];
    this.pending.clear();
    if (this.bus) this.bus.publish(kinds).catch(this.onBusError); // comes back through listenToBus, here too
    else this.deliver(kinds);
  }

  private deliver(kinds: readonly LiveEventKind[]): void {
    const at = new Date(this.clock.now()).toISOString();
    for (const kind of kinds) for (const listener of this.listeners) listener({ kind, at });
  }
}

/** What a successful operation changes, from its contract row (empty for reads). */
export function changesOf(name: OpName): readonly LiveEventKind[] {
  const op: OpDef = contract[name];
  return op.changes ?? [];
}

/** Pipeline events, also announced as live changes. */
export function announcing(inner: PipelineEvents, live: LiveEvents): PipelineEvents {
  return {
    enqueued: () => (inner.enqueued(), live.publish('decisions', 'queue')),
    dequeued: (count) => (inner.dequeued(count), live.publish('queue')),
    decided: (type, status, lagMs, risk) => (inner.decided(type, status, lagMs, risk), live.publish('decisions', 'tasks', 'queue')),
    outcomesWritten: (seconds) => inner.outcomesWritten(seconds),
    retried: () => (inner.retried(), live.publish('queue')),
    deadLettered: () => (inner.deadLettered(), live.publish('queue', 'decisions')),
    reconciled: (count) => (inner.reconciled(count), live.publish('queue', 'decisions')),
    breakerTransition: (integration, from, to) => (inner.breakerTransition(integration, from, to), live.publish('breakers')),
    integrationCall: (integration, outcome, seconds) => inner.integrationCall(integration, outcome, seconds),
  };
}
