import type { PgClient, PgPool } from './pg-pool';
import { inTransaction } from './pg-pool';

/** What runs a statement: the pool (one statement, its own transaction) or a client inside a transaction. */
export type PgQueryable = Pick<PgClient, 'query'>;

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const ATTEMPTS = 5;

/**
 * A transaction that is run again when Postgres aborts it for a deadlock or a serialization failure: with several
 * worker processes writing, either can happen to any transaction, and the whole transaction is safe to repeat.
 * Writers also lock rows in one order (decisions, then tasks, then stats rows, each sorted by key) so deadlocks stay rare.
 */
export async function inRetriedTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await inTransaction(pool, work);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
