import Database from 'better-sqlite3';
import { RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import type { RateLimiter } from '../../ports/rate-limiter';
import { createPrivateFile, restrictFiles } from '../private-files';

export const RATE_LIMIT_FILE = 'ratelimit.sqlite';
const EXPIRED_SWEEP_MS = 5 * 60_000;

export interface SqliteRateLimiter extends RateLimiter {
  close(): void;
}

/**
 * Budgets in their own SQLite file (not the audit database: counting calls must not wait on the writer), kept by
 * rate-limiter-flexible: one atomic upsert per call, so every process opening the file draws on the same budget.
 */
export async function openSqliteRateLimiter(file: string, o: { points: number; durationSeconds: number }): Promise<SqliteRateLimiter> {
  const files = [file, `${file}-wal`, `${file}-shm`];
  createPrivateFile(file);
  restrictFiles(files);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    restrictFiles(files);
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // The constructor creates its table asynchronously and reports through the callback.
    const limiter = await new Promise<RateLimiterSQLite>((resolve, reject) => {
      const created: RateLimiterSQLite = new RateLimiterSQLite(
        { storeClient: db, storeType: 'better-sqlite3', tableName: 'rate_limits', points: o.points, duration: o.durationSeconds },
        (error?: Error) => (error ? reject(error) : resolve(created)),
      );
    });
    // Our own sweep instead of the library's clearExpiredByTimeout, whose timer cannot be stopped on close.
    const dropExpired = db.prepare('DELETE FROM rate_limits WHERE expire < ?');
    const sweep = setInterval(() => dropExpired.run(Date.now()), EXPIRED_SWEEP_MS);
    sweep.unref();
    return {
      async take(key) {
        try {
          await limiter.consume(key);
          return 0;
        } catch (outcome) {
          if (outcome instanceof RateLimiterRes) return Math.max(1, outcome.msBeforeNext);
          throw outcome;
        }
      },
      close() {
        clearInterval(sweep);
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
