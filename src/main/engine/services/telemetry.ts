import { AppError } from '../../../shared/errors';
import { SERIES_NAMES, type SeriesInput, type SeriesName, type SeriesOutput } from '../../../shared/schemas/series';
import { RingBuffer } from '../domain/series';
import type { Sampler, SeriesPoint } from './sampler';
import type { AlertEngine } from './alerts';
import type { AlertNotifier } from './alert-notifier';

/**
 * The engine watching itself: every step one point of every series goes into a ring buffer (6 h at 10 s by
 * default), the alert rules are evaluated on it, and waiting notifications are sent.
 */
export class Telemetry {
  readonly series: RingBuffer<SeriesPoint>;

  constructor(
    private readonly sampler: Sampler,
    readonly alerts: AlertEngine,
    readonly notifier: AlertNotifier | null,
    readonly stepMs: number,
    capacity: number,
    private readonly log: { error(obj: object, msg: string): void },
  ) {
    this.series = new RingBuffer(capacity);
  }

  async tick(): Promise<void> {
    const point = await this.sampler.sample();
    this.series.push(point);
    await this.alerts.evaluate(point, this.series);
    await this.notifier?.flush();
  }

  /** Samples every step and retries waiting notifications every second; returns the stop function. */
  start(): () => void {
    const guard = (what: string, run: () => Promise<void>) => () => void run().catch((error: unknown) => this.log.error({ err: error }, `${what} failed`));
    const sampling = setInterval(guard('sampling and alert evaluation', () => this.tick()), this.stepMs);
    const notifying = setInterval(guard('alert notification', async () => this.notifier?.flush()), 1_000);
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
