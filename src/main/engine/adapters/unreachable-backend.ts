/** Postgres error classes that mean "the server is not there right now" (connection exceptions, shutdowns). */
const PG_DOWN_CODES = new Set(['08000', '08001', '08003', '08004', '08006', '57P01', '57P02', '57P03']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

const PG_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /^Client has encountered a connection error/];
const REDIS_MESSAGES = [/Stream isn't writeable/, /^Connection is closed/, /^Redis connection is not ready/, /Reached the max retries per request limit/];

/**
 * Which backend an error says is unreachable, or null for any other error. Postgres (`pg`) and Redis (ioredis,
 * BullMQ, rate-limiter-flexible) fail in their own words; this is the one place that knows them, so the API can
 * answer 503 with Retry-After instead of a 500 while a backend is down.
 */
export function unreachableBackend(error: unknown, redisPort = 6379): 'Postgres' | 'Redis' | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && PG_DOWN_CODES.has(code)) return 'Postgres';
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.some((m) => m.test(error.message))) return 'Redis';
  if (PG_MESSAGES.some((m) => m.test(error.message))) return 'Postgres';
  if (typeof code === 'string' && SOCKET_CODES.has(code)) {
    // A refused socket names its port: Redis's (from REDIS_URL) or else Postgres's.
    const port = (error as { port?: unknown }).port;
    return port === redisPort || new RegExp(`:${redisPort}\\b`).test(error.message) ? 'Redis' : 'Postgres';
  }
  return error.cause === undefined ? null : unreachableBackend(error.cause, redisPort);
}
