import type { LiveEventKind } from '../../../shared/schemas/events';
import type { ChangeBus } from '../ports/change-bus';

/** The change bus of a single process (the embedded mode): listeners are called in order, synchronously. */
export function createMemoryChangeBus(): ChangeBus {
  const listeners = new Set<(kinds: LiveEventKind[]) => void>();
  return {
    async publish(kinds) {
      for (const listener of listeners) listener([...kinds]);
    },
    async subscribe(listener) {
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
      };
    },
  };
}
