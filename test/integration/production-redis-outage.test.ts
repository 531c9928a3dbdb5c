import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { REDIS_URL } from '../contract/backends';
import { checkOutcomes, openWork } from '../fixtures/decision-outcomes';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { startSteadySubmitter, type Answer } from '../fixtures/steady-submitter';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy';

const OUTAGE_MS = 6_000;

let proxy: TcpProxy | null = null;
let cluster: ProductionCluster | null = null;
beforeAll(async () => {
  proxy = await startTcpProxy(REDIS_URL);
  // A lease shorter than the outage: leases of the batches in hand run out while Redis is away.
  cluster = await startProductionCluster(2, { redisUrl: proxy.url(REDIS_URL), env: { DECISIONOS_LEASE_MS: '2000' } });
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
  await proxy?.close();
}, 30_000);

const statuses = (answers: Answer[]) => [...new Set(answers.map((a) => a.status))].sort();

describe('production mode while Redis is stopped mid-run', () => {
  it('answers submissions 503 with Retry-After within 1 s and /ready 503, loses nothing accepted, and recovers without a restart when Redis returns', async (ctx) => {
    const c = cluster;
    const p = proxy;
    if (!c || !p) return ctx.skip();
    const processes = [c.api.child, ...c.workers.map((w) => w.child)];
    const submitter = startSteadySubmitter(c, 'redis-outage');
    await sleep(2_000);

    p.cut();
    submitter.setPhase('outage');
    await sleep(500);
    const readyDuring = await fetch(`${c.api.url}/ready`, { signal: AbortSignal.timeout(2_000) });
    expect(readyDuring.status).toBe(503);
    expect(((await readyDuring.json()) as { checks: { redis: { ok: boolean } } }).checks.redis.ok).toBe(false);
    const queueDuring = await fetch(`${c.api.url}/api/queue`, { headers: { authorization: `Bearer ${c.api.key}` }, signal: AbortSignal.timeout(2_000) });
    expect(queueDuring.status, 'reads of the queue are unavailable too, not hanging').toBe(503);
    await sleep(OUTAGE_MS);
    submitter.setPhase('restored');
    p.restore();

    // Recovery: submissions are accepted again on their own, within the reconnect backoff.
    const restoredAt = performance.now();
    await expect.poll(() => submitter.answers.some((a) => a.sentIn === 'restored' && a.status === 202), { timeout: 10_000, interval: 100 }).toBe(true);
    const recoveryMs = performance.now() - restoredAt;
    await sleep(2_000);
    const answers = await submitter.stop();

    const before = answers.filter((a) => a.sentIn === 'before' && a.answeredIn === 'before');
    const during = answers.filter((a) => a.sentIn === 'outage' && a.answeredIn === 'outage');
    expect(before.length).toBeGreaterThan(20);
    expect(statuses(before)).toEqual([202]);
    expect(during.length).toBeGreaterThan(20);
    expect(statuses(during), 'every submission during the outage is refused as unavailable').toEqual([503]);
    expect(during.filter((a) => a.retryAfter === null), 'with Retry-After').toEqual([]);
    expect(Math.max(...during.map((a) => a.ms)), 'within 1 s').toBeLessThan(1_000);
    const afterRecovery = answers.filter((a) => a.sentIn === 'restored').slice(-20);
    expect(statuses(afterRecovery)).toEqual([202]);
    const ready = await fetch(`${c.api.url}/ready`);
    expect(ready.status, await ready.text()).toBe(200);

    // Nothing accepted is lost: every 202 (before, during, after) ends judged, by the same processes.
    const accepted = answers.flatMap((a) => (a.status === 202 && a.decisionId ? [a.decisionId] : []));
    let open = { open: -1, outbox: -1 };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      open = await openWork(c.databaseUrl);
      if (open.open === 0 && open.outbox === 0) break;
    }
    expect(open).toEqual({ open: 0, outbox: 0 });
    const report = await checkOutcomes(c.databaseUrl, accepted);
    expect(report.missing, 'every accepted decision is in the store').toEqual([]);
    expect(report.decisions, 'and nothing refused was saved').toBe(new Set(accepted).size);
    expect(report.wrong, `${report.wrongCount} decision(s) without exactly one verdict and a complete trace`).toEqual([]);
    expect(processes.filter((child) => child.exitCode !== null || child.signalCode !== null), 'no process died or was restarted').toEqual([]);
    console.info(`Redis outage: ${before.length} accepted before (${report.restarted} started again after the cut), ${during.length} refused during ${OUTAGE_MS} ms (slowest answer ${Math.round(Math.max(...during.map((a) => a.ms)))} ms), accepting again ${Math.round(recoveryMs)} ms after Redis returned`);
  }, 60_000);
});
