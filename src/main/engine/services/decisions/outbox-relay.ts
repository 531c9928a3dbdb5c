import type { Outbox } from '../../ports/outbox';
import type { JobQueue, QueuedJob } from '../../ports/job-queue';
import type { Tracing } from '../../ports/tracing';

export interface OutboxRelayLog {
  warn(obj: object, msg: string): void;
}

export interface OutboxRelayOptions {
  /** Rows moved per transaction. */
  batch: number;
  /** How long an empty outbox is left alone before it is looked at again (a submission wakes the relay sooner). */
  idleMs: number;
  /** Wait after a failed delivery (Redis or Postgres down) before the next try. */
  errorBackoffMs: number;
}

export interface OutboxRelayStatus {
  /** Jobs delivered since this process started. */
  delivered: number;
  lastError: string | null;
}

/**
 * Moves committed jobs from the store's outbox onto the queue. Every process may run one: the outbox hands each row
 * to one relay at a time, and the queue ignores a job id it already holds, so a crash between delivery and marking
 * delivers twice and adds nothing.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private state: OutboxRelayStatus = { delivered: 0, lastError: null };

  constructor(
    private readonly outbox: Outbox,
    private readonly queue: Pick<JobQueue, 'enqueue'>,
    private readonly log: OutboxRelayLog,
    private readonly options: OutboxRelayOptions = { batch: 500, idleMs: 250, errorBackoffMs: 1_000 },
    /** Each traced job's delivery is a `decision.outbox.relay` span, a child of its submission's. */
    private readonly tracing: Tracing | null = null,
  ) {}

  get status(): OutboxRelayStatus {
    return this.state;
  }

  /** One transaction's worth: how many jobs went to the queue. Throws what the store or the queue threw. */
  async relayOnce(): Promise<number> {
    const moved = await this.outbox.relayOutbox(this.options.batch, (entries) => this.deliver(entries.map((e) => e.job)));
    this.state = { delivered: this.state.delivered + moved, lastError: null };
    return moved;
  }

  private async deliver(jobs: QueuedJob[]): Promise<void> {
    const tracing = this.tracing;
    if (!tracing?.enabled) return this.queue.enqueue(jobs);
    const spans = jobs
      .filter((j) => j.traceparent)
      .map((j) => tracing.startSpan('decision.outbox.relay', { parent: j.traceparent, attributes: { 'decision.id': j.decisionId, 'job.id': j.jobId } }));
    try {
      await this.queue.enqueue(jobs);
    } catch (error) {
      for (const span of spans) span.fail(error);
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
  }

  /** Something was committed: look now instead of at the next idle tick. */
  notify(): void {
    this.wake?.();
  }

  /** Runs until the returned stop is called; stop resolves once the transaction in hand has finished. */
  start(): () => Promise<void> {
    this.stopping = false;
    this.running ??= this.loop();
    return async () => {
      this.stopping = true;
      this.notify();
      await this.running;
      this.running = null;
    };
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let pause = 0;
      try {
        const moved = await this.relayOnce();
        if (moved < this.options.batch) pause = this.options.idleMs; // a full batch means more may wait: go on at once
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (this.state.lastError !== message) this.log.warn({ err: error }, 'outbox relay: delivery failed; the jobs stay in the outbox and are retried');
        this.state = { ...this.state, lastError: message };
        pause = this.options.errorBackoffMs;
      }
      if (pause > 0 && !this.stopping) await this.sleep(pause);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
