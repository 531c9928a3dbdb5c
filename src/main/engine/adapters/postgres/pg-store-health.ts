import type { StoreHealth } from '../../ports/audit-store';
import type { PgPool } from './pg-pool';

export function pgStoreHealth(pool: PgPool): StoreHealth {
  return {
    async ping() {
      await pool.query('SELECT 1');
    },
    async sizeBytes() {
      const { rows } = await pool.query<{ size: number }>('SELECT pg_database_size(current_database()) AS size');
      return rows[0]?.size ?? 0;
    },
  };
}
