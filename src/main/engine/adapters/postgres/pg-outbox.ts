import type { QueuedJob } from '../../ports/job-queue';
import type { Outbox, OutboxEntry } from '../../ports/outbox';
import type { PgPool } from './pg-pool';
import { inTransaction } from './pg-pool';

/**
 * The relay's side of supervisor_inbox. A batch is locked (SKIP LOCKED: relays in other processes take the next
 * rows instead of waiting), delivered, and deleted in the same transaction: a throwing delivery rolls back and the
 * rows wait for the next run; a crash after delivery delivers them again, which the queue absorbs because each job's
 * id is its decision id.
 */
export function pgOutbox(pool: PgPool): Outbox {
  return {
    async relayOutbox(limit, deliver) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ outbox_id: number; job: QueuedJob; created_at: number }>(
          'SELECT outbox_id, job, created_at FROM supervisor_inbox ORDER BY outbox_id LIMIT $1 FOR UPDATE SKIP LOCKED',
          [limit],
        );
        if (rows.length === 0) return 0;
        const entries: OutboxEntry[] = rows.map((r) => ({ outboxId: r.outbox_id, job: r.job, createdAt: r.created_at }));
        await deliver(entries);
        await client.query('DELETE FROM supervisor_inbox WHERE outbox_id = ANY($1::bigint[])', [entries.map((e) => e.outboxId)]);
        return entries.length;
      });
    },

    async outboxBacklog() {
      const { rows } = await pool.query<{ count: number; oldest: number | null }>(
        'SELECT count(*) AS count, min(created_at) AS oldest FROM supervisor_inbox',
      );
      const row = rows[0] as { count: number; oldest: number | null };
      return { count: row.count, oldestAt: row.oldest };
    },
  };
}
