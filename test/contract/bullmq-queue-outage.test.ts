import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, whenReady } from '../../src/main/engine/adapters/redis/redis-connections';
import { createBullmqQueue, type BullmqQueue } from '../../src/main/engine/adapters/redis/bullmq-queue';
import type { QueuedJob } from '../../src/main/engine/ports/job-queue';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy';
import { REDIS_URL, connectRedisForTests, dropNamespace } from './backends';

const probe = await connectRedisForTests();

const job = (id: string): QueuedJob => ({
  jobId: id, decisionId: id, workspaceId: 'default', taskId: `t-${id}`, decisionType: 'payment_fraud_check',
  inputs: { amount: 1 }, sourceEventTs: null, enqueuedAt: Date.now(), priority: 0, runAt: Date.now(),
});

/** Settles `p` within `ms` (then: 'answered' or 'failed'), or says it is still waiting. */
const within = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(() => resolve('waiting'), ms))]);

describe.skipIf(probe === null)('BullMQ queue while Redis is unreachable', () => {
  const prefix = `dos-test-${randomUUID()}`;
  let proxy: TcpProxy;
  let queue: BullmqQueue;
  const connections: ReturnType<typeof connectRedis>[] = [];
  beforeAll(async () => {
    proxy = await startTcpProxy(REDIS_URL);
    const work = connectRedis(proxy.url(REDIS_URL), 'worker');
    const api = connectRedis(proxy.url(REDIS_URL), 'api');
    connections.push(work, api);
    await whenReady(api);
    queue = createBullmqQueue({ connection: work, apiConnection: api, prefix, queueName: 'decisions', leaseMs: 1_000 });
  });
  afterAll(async () => {
    await queue.close();
    for (const c of connections) c.disconnect();
    await proxy.close();
    if (probe) await dropNamespace(probe, prefix);
    probe?.disconnect();
  });

  it('fails what a request or the relay waits on (enqueue, counts, pause state, dead jobs) within a second, and serves them again once Redis is back', async () => {
    await queue.enqueue([job('before')]);
    proxy.cut();
    for (const call of [() => queue.enqueue([job('during')]), () => queue.counts(null, Date.now()), () => queue.isPaused(), () => queue.listDead('default', 10)]) {
      expect(await within(call(), 1_000)).toBe('failed');
    }
    proxy.restore();
    await expect.poll(() => within(queue.isPaused(), 500), { timeout: 10_000 }).toBe('answered');
    await queue.enqueue([job('after')]);
    expect((await queue.counts(null, Date.now())).ready).toBe(2);
  });
});
