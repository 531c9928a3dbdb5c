import type { LiveEventKind } from '../../../shared/schemas/events';

/**
 * "Something of these kinds changed", between processes: an API process's open UIs must hear about decisions a
 * worker process judged. In one process it is a function call; in production mode Redis pub/sub.
 */
export interface ChangeBus {
  publish(kinds: readonly LiveEventKind[]): Promise<void>;
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(listener: (kinds: LiveEventKind[]) => void): Promise<() => Promise<void>>;
}
