import { contract, type OpDef, type OpName } from '../../../shared/contract';
import type { LiveEvent, LiveEventKind } from '../../../shared/schemas/events';
import type { Clock } from '../ports/clock';
import type { PipelineEvents } from './pipeline-events';

type Listener = (event: LiveEvent) => void;

/**
 * Fans "something changed" out to open UIs. Changes are coalesced per kind for `throttleMs`, so a burst of
 * 5,000 judged decisions is one "decisions" event, not 5,000 refetches.
 */
export class LiveEvents {
  private readonly listeners = new Set<Listener>();
  private readonly pending = new Set<LiveEventKind>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly throttleMs = 250,
  ) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(...kinds: LiveEventKind[]): void {
    if (this.listeners.size === 0) return;
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
    const at = new Date(this.clock.now()).toISOString();
    const kinds = [...this.pending];
    this.pending.clear();
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
    retried: () => (inner.retried(), live.publish('queue')),
    deadLettered: () => (inner.deadLettered(), live.publish('queue', 'decisions')),
    reconciled: (count) => (inner.reconciled(count), live.publish('queue', 'decisions')),
    breakerTransition: (integration, from, to) => (inner.breakerTransition(integration, from, to), live.publish('breakers')),
    integrationCall: (integration, outcome, seconds) => inner.integrationCall(integration, outcome, seconds),
  };
}
