import { AppError } from '../../../../shared/errors';
import { SERIES_NAMES, type SeriesInput, type SeriesName, type SeriesOutput } from '../../../../shared/schemas/series';
import { RingBuffer } from '../../domain/series';
import { monitorAges } from '../../domain/monitor-age';
import type { Sampler, SeriesPoint } from './sampler';
import type { AlertEngine } from './alerts';
import type { AlertReceivers } from './alert-receivers';

/**
 * Whether this process is the one that evaluates alert rules and sends notifications. In production mode every
 * process samples (its own series for its UI) but only the holder of the lease evaluates and notifies, so one
 * incident is one notification however many processes run. null: a single process, always the leader.
 */
export type AlertLeadership = () => Promise<boolean>;

/** Whether the sampler and the alert rules are running, for the alert-engine check. */
export interface AlertingStatus {
  /** ms since the epoch; null before the first step. */
  lastSampleAt: number | null;
  /** The last step that evaluated the rules (this process held the alert lead then). */
  lastEvaluationAt: number | null;
  leading: boolean;
  /** The last step's error; null when it succeeded. */
  lastError: string | null;
  stepMs: number;
  rules: number;
}

/**
 * The engine watching itself: every step one point of every series goes into a ring buffer (6 h at 10 s by
 * default), the alert rules are evaluated on it, and waiting notifications are sent.
 */
export class Telemetry {
  readonly series: RingBuffer<SeriesPoint>;
  /** Whether the last step held the alert lead (always, without leadership). */
  private leading: boolean;
  private lastSampleAt: number | null = null;
  private lastEvaluationAt: number | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly sampler: Sampler,
    readonly alerts: AlertEngine,
    readonly notifier: AlertReceivers | null,
    readonly stepMs: number,
    capacity: number,
    private readonly log: { error(obj: object, msg: string): void },
    private readonly leadership: AlertLeadership | null = null,
  ) {
    this.series = new RingBuffer(capacity);
    this.leading = leadership === null;
  }

  async tick(): Promise<void> {
    try {
      const point = await this.sampler.sample();
      // Monitoring the monitor, as far as it can: a gap since its own last run shows once it runs again. While it
      // is dead nothing here fires; /ready and the Prometheus rule on decisionos_monitor_last_run_timestamp_seconds do.
      const age = monitorAges({ lastSampleAt: this.lastSampleAt, lastEvaluationAt: this.lastEvaluationAt, leading: this.leading }, point.at).oldestMs;
      if (age !== null) point.values.monitor_last_run_age_seconds = age / 1000;
      this.series.push(point);
      this.lastSampleAt = point.at;
      if (await this.leads()) {
        if (this.leadership) await this.alerts.refreshSilences();
        await this.alerts.evaluate(point, this.series);
        this.lastEvaluationAt = point.at;
        await this.notifier?.flush();
      } else {
        await this.alerts.load(); // the leader's alert state, for this process's readers
      }
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  get status(): AlertingStatus {
    return {
      lastSampleAt: this.lastSampleAt,
      lastEvaluationAt: this.lastEvaluationAt,
      leading: this.leading,
      lastError: this.lastError,
      stepMs: this.stepMs,
      rules: this.alerts.listRules().length,
    };
  }

  /** Asks for (or renews) the lead each step; the answer also gates the notifier's retries between steps. */
  private async leads(): Promise<boolean> {
    if (!this.leadership) return true;
    try {
      this.leading = await this.leadership();
    } catch (error) {
      this.log.error({ err: error }, 'alert leadership: the lock is unreachable; not evaluating this step');
      this.leading = false;
    }
    return this.leading;
  }

  /** Samples every step and retries waiting notifications every second; returns the stop function. */
  start(): () => void {
    const guard = (what: string, run: () => Promise<void>) => () => void run().catch((error: unknown) => this.log.error({ err: error }, `${what} failed`));
    const sampling = setInterval(guard('sampling and alert evaluation', () => this.tick()), this.stepMs);
    const notifying = setInterval(guard('alert notification', async () => void (this.leading ? await this.notifier?.flush() : undefined)), 1_000);
    sampling.unref();
    notifying.unref();
    return () => {
      clearInterval(sampling);
      clearInterval(notifying);
    };
  }

  read(input: SeriesInput): SeriesOutput {
    const names = input.names ? (input.names.split(',').map((n) => n.trim()).filter(Boolean) as SeriesName[]) : SERIES_NAMES;
    const unknown = names.filter((n) => !SERIES_NAMES.includes(n));
    if (unknown.length) throw new AppError('validation_failed', `unknown series: ${unknown.join(', ')} (known: ${SERIES_NAMES.join(', ')})`);
    const from = input.from ? Date.parse(input.from) : -Infinity;
    const to = input.to ? Date.parse(input.to) : Infinity;
    const points = this.series.toArray().filter((p) => p.at >= from && p.at <= to);
    return {
      step_seconds: this.stepMs / 1000,
      names,
      at: points.map((p) => p.at),
      values: Object.fromEntries(names.map((n) => [n, points.map((p) => p.values[n] ?? null)])),
    };
  }
}
