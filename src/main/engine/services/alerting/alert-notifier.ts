import type { AlertSeverity, AlertView, DeliveryView } from '../../../../shared/schemas/alerts';
import type { NotificationFormat } from '../../../../shared/schemas/alert-receivers';
import type { Clock } from '../../ports/clock';
import type { WebhookPost } from '../../ports/webhook';
import { notificationPayload } from '../../domain/notification-payload';
import type { BreakerConfig } from '../../domain/breaker';
import { BreakerOpenError, type Breakers } from '../integrations/breakers';
import { newId } from '../ids';

export const WEBHOOK_BREAKER = 'alert_webhook';
/** Each receiver's own breaker: DECISIONOS_ALERT_WEBHOOK_URL's keeps the historical name. */
export const receiverBreaker = (name: string, legacy: boolean): string => (legacy ? WEBHOOK_BREAKER : `${WEBHOOK_BREAKER}.${name}`);
/** A receiver that failed 5 deliveries in a minute is left alone for 30 s, then probed once. */
export const WEBHOOK_BREAKER_CONFIG: BreakerConfig = { failureThreshold: 5, minCalls: 10, windowMs: 60_000, openCooldownMs: 30_000, halfOpenProbeCount: 1 };
const KEEP_DELIVERIES = 100;

export interface NotifierOptions {
  /** The receiver's name, in its deliveries and in the payloads that carry one. */
  name: string;
  url: string;
  format: NotificationFormat;
  /** Only alerts of these severities are sent here; undefined: all. The test notification goes regardless. */
  severities?: readonly AlertSeverity[];
  /** This receiver's breaker in `breakers`. */
  breaker: string;
  maxPerMinute: number;
  /** Retries after a failed attempt (3: up to four attempts), with exponential backoff from `backoffMs`. */
  retries: number;
  backoffMs: number;
  timeoutMs: number;
  /** Where the engine's UI is, for generatorURL (known once it listens). */
  externalUrl: () => string;
  post: WebhookPost;
  /** Holds the breaker named `breaker`: a dead receiver is not hammered. */
  breakers: Breakers;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  onDelivery?: (d: DeliveryView) => void;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** The notification mute in force now (read from the shared KeyValue), or null. */
  muted?: () => Promise<{ until: number; by: string } | null>;
}

/** An alert state held back by a mute, and whether the receiver has never heard of this alert firing. */
interface Held {
  alert: AlertView;
  unknownToReceiver: boolean;
}

/**
 * Sends firing and resolved alerts to one receiver in its format. Alerts wait in an outbox
 * keyed by fingerprint (a newer state replaces an older one: deduplicated); each delivery takes everything in
 * the outbox as one group, and at most `maxPerMinute` deliveries leave per rolling minute. A delivery that
 * fails after its retries, or that the breaker refuses, puts its alerts back unless a newer state arrived.
 *
 * While notifications are muted nothing is posted: what would have gone is recorded as a `held` delivery and kept
 * (the newest state per alert). When the mute ends the receiver gets what it needs to be right again, once: alerts
 * still firing, and the resolution of alerts it knew as firing. An alert that fired and resolved within the mute
 * is not sent at all (the storm the mute was for); it stays in the alert history and the audit trail.
 */
export class AlertNotifier {
  private readonly outbox = new Map<string, AlertView>();
  private readonly held = new Map<string, Held>();
  private readonly sentAt: number[] = [];
  private deliveries: DeliveryView[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly o: NotifierOptions) {}

  notify(alert: AlertView): void {
    if (this.o.severities && !this.o.severities.includes(alert.severity)) return;
    this.outbox.set(alert.fingerprint, alert);
  }

  get pending(): number {
    return this.outbox.size;
  }

  /** Where notifications go, without any credentials in the URL (for previews and logs). */
  get receiver(): string {
    try {
      const url = new URL(this.o.url);
      return `${this.o.name} (${this.o.format}, ${url.protocol}//${url.host}${url.pathname})`;
    } catch {
      return `${this.o.name} (${this.o.format})`;
    }
  }

  recent(): DeliveryView[] {
    return this.deliveries;
  }

  /** Sends what waits if the minute's budget allows; one delivery at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.deliver().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async deliver(): Promise<void> {
    if (this.outbox.size === 0 && this.held.size === 0) return;
    const mute = (await this.o.muted?.()) ?? null;
    if (mute) return this.hold(mute);
    this.release();
    if (this.outbox.size === 0) return;
    const now = this.o.clock.now();
    while (this.sentAt.length && (this.sentAt[0] as number) <= now - 60_000) this.sentAt.shift();
    if (this.sentAt.length >= this.o.maxPerMinute) return;
    this.sentAt.push(now);

    const alerts = [...this.outbox.values()];
    this.outbox.clear();
    const delivery = await this.post(alerts, this.o.retries);
    if (delivery.status !== 'delivered') for (const a of alerts) if (!this.outbox.has(a.fingerprint)) this.outbox.set(a.fingerprint, a);
  }

  /** Held back by the mute: the outbox becomes one `held` delivery record, its alerts kept for when the mute ends. */
  private hold(mute: { until: number; by: string }): void {
    if (this.outbox.size === 0) return;
    const alerts = [...this.outbox.values()];
    this.outbox.clear();
    for (const alert of alerts) {
      const before = this.held.get(alert.fingerprint);
      const unknownToReceiver = before ? before.unknownToReceiver : alert.status === 'firing';
      if (alert.status === 'resolved' && unknownToReceiver) this.held.delete(alert.fingerprint);
      else this.held.set(alert.fingerprint, { alert, unknownToReceiver });
    }
    const until = new Date(mute.until).toISOString();
    this.record({ id: newId('dlv'), receiver: this.o.name, at: new Date(this.o.clock.now()).toISOString(), status: 'held', attempts: 0, alerts: alerts.length, http_status: null, last_error: `muted until ${until} by ${mute.by}` });
    this.o.log.info({ alerts: alerts.length, until }, 'alert notifications held back: notifications are muted');
  }

  /** The mute is over: what it held goes out with the next delivery (a newer state already waiting wins). */
  private release(): void {
    for (const [fingerprint, { alert }] of this.held) if (!this.outbox.has(fingerprint)) this.outbox.set(fingerprint, alert);
    this.held.clear();
  }

  /** Alert states a mute holds back now (sent when it ends). */
  get heldBack(): number {
    return this.held.size;
  }

  private record(delivery: DeliveryView): void {
    this.deliveries = [delivery, ...this.deliveries].slice(0, KEEP_DELIVERIES);
    this.o.onDelivery?.(delivery);
  }

  /**
   * The runbook's "send a test notification": one synthetic firing alert (alertname DecisionOSTestNotification,
   * label test=true), posted now through the webhook's breaker with no retries, and kept in the deliveries like any
   * other. It does not spend the minute's budget: an operator asked for it once.
   */
  async sendTest(by: string): Promise<DeliveryView> {
    const now = new Date(this.o.clock.now()).toISOString();
    const alert: AlertView = {
      fingerprint: `test-${newId('tst')}`,
      rule_id: 'test_notification',
      status: 'firing',
      severity: 'info',
      message: `Test notification sent by ${by} from DecisionOS: the receiver works if this arrives.`,
      metric: 'test_notification',
      value: null,
      threshold: 0,
      operator: '>',
      labels: { alertname: 'DecisionOSTestNotification', severity: 'info', test: 'true' },
      starts_at: now,
      ends_at: null,
      acknowledged: null,
      silenced_by: null,
    };
    return this.post([alert], 0);
  }

  get name(): string {
    return this.o.name;
  }

  /** One delivery of `alerts` in the receiver's format, with up to `retries` more attempts; recorded. */
  private async post(alerts: AlertView[], retries: number): Promise<DeliveryView> {
    const now = this.o.clock.now();
    const payload = notificationPayload(this.o.format, alerts, { receiver: this.o.name, externalUrl: this.o.externalUrl() });
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const id = newId('dlv');
    let attempts = 0;
    let httpStatus: number | null = null;
    let lastError: string | null = null;
    let status: DeliveryView['status'] = 'failed';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await sleep(this.o.backoffMs * 2 ** (attempt - 1));
      try {
        const answer = await this.o.breakers.call(this.o.breaker, async () => {
          attempts += 1;
          const r = await this.o.post(this.o.url, payload, this.o.timeoutMs);
          httpStatus = r.status;
          if (r.status >= 300 && r.status < 400) throw new Error(`HTTP ${r.status}: the receiver redirects, and redirects are not followed`);
          if (r.status < 200 || r.status >= 300) throw new Error(`HTTP ${r.status}`);
          return r;
        });
        httpStatus = answer.status;
        status = 'delivered';
        lastError = null;
        this.o.log.info({ receiver: this.o.name, delivery: id, attempt: attempts, status: httpStatus, alerts: alerts.length }, 'alert notification delivered');
        break;
      } catch (error) {
        lastError = (error as Error).message;
        if (error instanceof BreakerOpenError) {
          status = 'rejected';
          this.o.log.warn({ receiver: this.o.name, delivery: id, error: lastError }, 'alert notification held back: the webhook breaker is open');
          break;
        }
        this.o.log.warn({ receiver: this.o.name, delivery: id, attempt: attempts, error: lastError }, 'alert notification attempt failed');
      }
    }
    const delivery: DeliveryView = { id, receiver: this.o.name, at: new Date(now).toISOString(), status, attempts, alerts: alerts.length, http_status: httpStatus, last_error: lastError };
    this.record(delivery);
    return delivery;
  }
}
