import { describe, expect, it } from 'vitest';
import { unreachableBackend } from '../../../../../src/main/engine/adapters/unreachable-backend';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unreachableBackend', () => {
  it('recognises Postgres being down by its connection error classes and pg\'s own messages', () => {
    expect(unreachableBackend(withCode('terminating connection due to administrator command', '57P01'))).toBe('Postgres');
    expect(unreachableBackend(new Error('Connection terminated unexpectedly'))).toBe('Postgres');
    expect(unreachableBackend(new Error('timeout exceeded when trying to connect'))).toBe('Postgres');
    expect(unreachableBackend(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('Postgres');
  });

  it('recognises Redis being down in the words of ioredis and rate-limiter-flexible', () => {
    expect(unreachableBackend(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('Redis');
    expect(unreachableBackend(new Error('Connection is closed.'))).toBe('Redis');
    expect(unreachableBackend(new Error('Redis connection is not ready'))).toBe('Redis');
    expect(unreachableBackend(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe('Redis');
    expect(unreachableBackend(withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'))).toBe('Redis');
  });

  it('leaves every other error alone, and looks through a cause', () => {
    expect(unreachableBackend(withCode('duplicate key value violates unique constraint', '23505'))).toBeNull();
    expect(unreachableBackend(new Error('boom'))).toBeNull();
    expect(unreachableBackend('not an error')).toBeNull();
    expect(unreachableBackend(new Error('submit failed', { cause: new Error('Connection is closed.') }))).toBe('Redis');
  });
});

describe('unreachableBackend with Redis on another port', () => {
  it('names a refused socket by the port REDIS_URL gives', () => {
    const refused = (port: number) => Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED', port });
    expect(unreachableBackend(refused(16379), 16379)).toBe('Redis');
    expect(unreachableBackend(refused(5432), 16379)).toBe('Postgres');
  });
});
