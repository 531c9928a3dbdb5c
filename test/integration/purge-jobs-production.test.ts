import { afterAll, beforeAll, describe } from 'vitest';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import type { PurgeTarget } from './purge-jobs-flow';
import { purgeJobsCases } from './purge-jobs.cases';

let cluster: ProductionCluster | null = null;
let target: PurgeTarget | null = null;

beforeAll(async () => {
  cluster = await startProductionCluster(1);
  const c = cluster;
  if (!c) return;
  target = {
    dataDir: c.apiDataDir,
    async call(method, path, body, key = c.api.key) {
      const response = await fetch(`${c.api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: await response.json() };
    },
    stop: () => c.stop(),
  };
}, 60_000);
afterAll(async () => {
  await target?.stop();
}, 30_000);

// An API process (its data dir keeps the files) and a worker process, sharing Postgres and Redis (BullMQ).
describe('purge and restore of queued jobs on Postgres + Redis', () => {
  purgeJobsCases(() => target, 'pg');
});
