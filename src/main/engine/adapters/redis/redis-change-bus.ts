import type { Redis } from 'ioredis';
import { ChangeNotice } from '../../../../shared/schemas/events';
import type { ChangeBus } from '../../ports/change-bus';

/**
 * The change bus on Redis pub/sub, one channel per namespace. A subscriber needs a connection of its own (a
 * subscribed connection can issue nothing else), so each subscription duplicates the client and closes it when
 * it ends. Pub/sub is at-most-once: a UI that misses a message still refetches on its own timer.
 */
export function createRedisChangeBus(redis: Redis, namespace: string): ChangeBus {
  const channel = `${namespace}:changes`;
  return {
    async publish(kinds) {
      if (kinds.length === 0) return;
      await redis.publish(channel, JSON.stringify({ kinds }));
    },
    async subscribe(listener) {
      const sub = redis.duplicate({ enableOfflineQueue: true }); // SUBSCRIBE waits for the connection instead of failing before it opens
      sub.on('message', (from: string, text: string) => {
        if (from !== channel) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return;
        }
        // Anything but a change notice (another version, a stray PUBLISH) is dropped, not trusted.
        const message = ChangeNotice.safeParse(parsed);
        if (message.success) listener(message.data.kinds);
      });
      sub.on('error', () => undefined); // a lost subscriber reconnects and resubscribes on its own
      try {
        await sub.subscribe(channel);
      } catch (error) {
        sub.disconnect();
        throw error;
      }
      return async () => {
        await sub.unsubscribe(channel).catch(() => undefined);
        sub.disconnect();
      };
    },
  };
}
