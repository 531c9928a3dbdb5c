import { AppError } from '../../../../shared/errors';
import type { AlertView, DeliveryView } from '../../../../shared/schemas/alerts';
import type { AlertNotifier } from './alert-notifier';

const KEEP_DELIVERIES = 100;

/**
 * Every configured receiver, each an AlertNotifier with its own outbox, per-minute budget, breaker and deliveries.
 * An alert is offered to each; a receiver routed by severity keeps only its severities.
 */
export class AlertReceivers {
  constructor(private readonly notifiers: readonly AlertNotifier[]) {}

  get names(): string[] {
    return this.notifiers.map((n) => n.name);
  }

  notify(alert: AlertView): void {
    for (const n of this.notifiers) n.notify(alert);
  }

  async flush(): Promise<void> {
    await Promise.all(this.notifiers.map((n) => n.flush()));
  }

  /** Every receiver's deliveries, newest first. */
  recent(): DeliveryView[] {
    return this.notifiers
      .flatMap((n) => n.recent())
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, KEEP_DELIVERIES);
  }

  /** The receivers `name` selects: the one so named, or all of them when it is undefined. Unknown: 404. */
  select(name?: string): AlertNotifier[] {
    if (name === undefined) return [...this.notifiers];
    const one = this.notifiers.find((n) => n.name === name);
    if (!one) throw new AppError('not_found', `no alert receiver is named "${name}" (configured: ${this.names.join(', ')})`);
    return [one];
  }

  /** The test notification to the selected receivers, each in its format, one after another. */
  async sendTest(by: string, name?: string): Promise<DeliveryView[]> {
    const deliveries: DeliveryView[] = [];
    for (const n of this.select(name)) deliveries.push(await n.sendTest(by));
    return deliveries;
  }
}
