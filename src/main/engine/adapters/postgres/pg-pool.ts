import { createHash } from 'node:crypto';
import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

const INT8 = 20;
const TIMESTAMPTZ = 1184;
const parseDate = pg.types.getTypeParser(TIMESTAMPTZ);

/**
 * Per pool, not global: counts (int8) come back as numbers (they stay far below 2^53) and timestamptz as epoch
 * milliseconds, the unit the ports speak. jsonb is parsed by pg itself.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === TIMESTAMPTZ) return (value: string) => (parseDate(value) as Date).getTime();
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Statement texts given a prepared-statement name so far (our SQL is a fixed set of texts; the cap is a guard). */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 1_000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `dos_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A client that prepares each parameterised statement once per connection (a named statement) and then only binds
 * and executes it: Postgres skips parsing and planning the same text again on every submission and every batch.
 */
class PreparingClient extends pg.Client {
  // pg's query() has many overloads; only (text, values[, callback]) is rewritten, the rest pass through.
  override query(...args: unknown[]): never {
    const [text, values, ...rest] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      // pool.query passes a callback after the values; a transaction's client.query does not.
      if (name) return (super.query as (...a: unknown[]) => never)({ name, text, values }, ...rest);
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

export interface PgPoolOptions {
  /** Connections at most (DECISIONOS_PG_POOL_SIZE). */
  max: number;
  /** How long a query may wait for a connection before it fails, in ms. */
  connectionTimeoutMillis?: number;
  applicationName?: string;
}

/** A pool on DATABASE_URL. Errors of idle clients (a restarted server) are reported; no client error ends the process. */
export function createPgPool(url: string, options: PgPoolOptions, onIdleError: (error: Error) => void = () => undefined): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 2_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'decisionos',
    types,
    Client: PreparingClient,
  });
  pool.on('error', onIdleError);
  // The pool listens for errors only on idle clients: one whose server goes away while it is checked out would emit
  // an unhandled 'error' and end the process. Its queries fail with that error anyway, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `work` in one transaction on one pooled client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
