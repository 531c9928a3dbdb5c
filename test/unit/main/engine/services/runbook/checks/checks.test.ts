import { describe, expect, it } from 'vitest';
import { queueDepth, QUEUE_DEPTH_FAIL, OLDEST_JOB_FAIL_MS } from '../../../../../../../src/main/engine/services/runbook/checks/queue-depth';
import { liveWorkers } from '../../../../../../../src/main/engine/services/runbook/checks/live-workers';
import { failureRate } from '../../../../../../../src/main/engine/services/runbook/checks/failure-rate';
import { orphanedDecisions } from '../../../../../../../src/main/engine/services/runbook/checks/orphaned-decisions';
import { decisionLag } from '../../../../../../../src/main/engine/services/runbook/checks/decision-lag';
import { reviewBacklog } from '../../../../../../../src/main/engine/services/runbook/checks/review-backlog';
import { blockedTasks } from '../../../../../../../src/main/engine/services/runbook/checks/blocked-tasks';
import { database } from '../../../../../../../src/main/engine/services/runbook/checks/database';
import { databaseIntegrity } from '../../../../../../../src/main/engine/services/runbook/checks/database-integrity';
import { requiredIndexes, REQUIRED_INDEXES } from '../../../../../../../src/main/engine/services/runbook/checks/required-indexes';
import { traceQueryPlan } from '../../../../../../../src/main/engine/services/runbook/checks/trace-query-plan';
import { breakers } from '../../../../../../../src/main/engine/services/runbook/checks/breakers';
import { alertEngine, monitorStopped } from '../../../../../../../src/main/engine/services/runbook/checks/alert-engine';
import { webhookDeliveries } from '../../../../../../../src/main/engine/services/runbook/checks/webhook-deliveries';
import { redisAndOutbox } from '../../../../../../../src/main/engine/services/runbook/checks/redis-and-outbox';
import { diskSpace } from '../../../../../../../src/main/engine/services/runbook/checks/disk-space';
import { lastBackup } from '../../../../../../../src/main/engine/services/runbook/checks/last-backup';
import { keyRotations } from '../../../../../../../src/main/engine/services/runbook/checks/key-rotations';
import type { ApiKeyRecord } from '../../../../../../../src/main/engine/ports/audit-store';
import { backupFileName } from '../../../../../../../src/main/engine/domain/backup-files';
import { emptyHistogram, observe } from '../../../../../../../src/main/engine/domain/lag-histogram';
import type { BreakerView } from '../../../../../../../src/shared/schemas/integrations';
import type { DeliveryView } from '../../../../../../../src/shared/schemas/alerts';
import { NOW, context, counts } from './fake-sources';

const GB = 1_073_741_824;

describe('queue-depth', () => {
  it('passes on an empty queue', async () => {
    expect((await queueDepth.run(context())).status).toBe('pass');
  });
  it('fails over the depth line and over the oldest-job line, with the numbers', async () => {
    const deep = await queueDepth.run(context({ queue: { counts: async () => counts({ ready: QUEUE_DEPTH_FAIL + 1, oldestReadyAt: NOW - 1_000 }) } }));
    expect(deep).toMatchObject({ status: 'fail', numbers: { depth: QUEUE_DEPTH_FAIL + 1 } });
    const old = await queueDepth.run(context({ queue: { counts: async () => counts({ ready: 1, oldestReadyAt: NOW - OLDEST_JOB_FAIL_MS - 1_000 }) } }));
    expect(old.status).toBe('fail');
    expect(old.summary).toContain('601 s');
  });
  it('fails when the queue is paused with jobs ready, however few', async () => {
    const r = await queueDepth.run(context({ queue: { counts: async () => counts({ ready: 2, oldestReadyAt: NOW }), isPaused: async () => true } }));
    expect(r).toMatchObject({ status: 'fail', numbers: { paused: 'yes', ready: 2 } });
  });
});

describe('live-workers', () => {
  it('passes with a live worker and counts what was judged in the last minute', async () => {
    const r = await liveWorkers.run(context({ store: { decisionTypes: async () => ({ total: 42, types: [] }) } }));
    expect(r).toMatchObject({ status: 'pass', numbers: { live_workers: 1, worker_loops: 2, judged_last_minute: 42 } });
  });
  it('fails with no live worker while jobs wait, and only warns when nothing waits', async () => {
    const none = { workers: { list: async () => [] } };
    expect((await liveWorkers.run(context({ ...none, queue: { counts: async () => counts({ ready: 3 }) } }))).status).toBe('fail');
    expect((await liveWorkers.run(context(none))).status).toBe('warn');
  });
});

describe('failure-rate', () => {
  const judged = (total: number, failed: number) => ({ decisionTypes: async () => ({ total, types: [{ decision_type: 'payment_fraud_check', total, by_status: { approved: total - failed, failed } }] }) });
  it('passes under 5 % and fails over it', async () => {
    expect((await failureRate.run(context({ store: judged(100, 5) }))).status).toBe('pass');
    expect(await failureRate.run(context({ store: judged(100, 6) }))).toMatchObject({ status: 'fail', numbers: { failure_rate_percent: 6 } });
  });
  it('warns while jobs are dead-lettered', async () => {
    expect(await failureRate.run(context({ queue: { counts: async () => counts({ dead: 4 }) } }))).toMatchObject({ status: 'warn', numbers: { dead_letters: 4 } });
  });
});

describe('orphaned-decisions', () => {
  const orphan = (id: string, queuedAs: string | null) => ({ workspaceId: 'ws', decisionId: id, taskId: 't', decisionType: 'payment_fraud_check' as const, status: 'queued' as const, queuedAs });
  it('passes when every open decision has a job', async () => {
    expect((await orphanedDecisions.run(context())).status).toBe('pass');
  });
  it('warns with the count of decisions the queue holds no live job for, as the reconciler counts them', async () => {
    const r = await orphanedDecisions.run(context({
      store: { findOrphanedDecisions: async () => [orphan('d1', null), orphan('d2', 'd2'), orphan('d3', 'd3')] },
      queue: { liveJobs: async () => new Set(['d2']) },
    }));
    expect(r).toMatchObject({ status: 'warn', numbers: { orphaned: 2 } });
    expect(r.summary).toContain('d1, d3');
  });
});

describe('decision-lag', () => {
  const lags = (...ms: number[]) => ({ lagHistogram: async () => { const h = emptyHistogram(); for (const v of ms) observe(h, v); return h; } });
  it('passes with no decision or a fast p95', async () => {
    expect((await decisionLag.run(context())).status).toBe('pass');
    expect((await decisionLag.run(context({ store: lags(100, 200, 300) }))).status).toBe('pass');
  });
  it('warns over 1 s and fails over 5 s at p95', async () => {
    expect((await decisionLag.run(context({ store: lags(...Array(20).fill(2_000)) }))).status).toBe('warn');
    const slow = await decisionLag.run(context({ store: lags(...Array(20).fill(6_000)) }));
    expect(slow.status).toBe('fail');
    expect(slow.numbers.decisions).toBe(20);
  });
});

describe('review-backlog', () => {
  it('passes when nothing waits and warns when the oldest has waited over an hour', async () => {
    expect((await reviewBacklog.run(context())).status).toBe('pass');
    const r = await reviewBacklog.run(context({ store: { countWorkspaceBacklog: async () => ({ needsReview: 3, oldestNeedsReviewAt: NOW - 2 * 3_600_000, blockedTasks: 0 }) } }));
    expect(r).toMatchObject({ status: 'warn', numbers: { needs_review: 3, oldest_age_s: 7200 } });
  });
  it('fails over 1,000 waiting', async () => {
    expect((await reviewBacklog.run(context({ store: { countWorkspaceBacklog: async () => ({ needsReview: 1_001, oldestNeedsReviewAt: NOW, blockedTasks: 0 }) } }))).status).toBe('fail');
  });
});

describe('blocked-tasks', () => {
  const blocked = (n: number) => ({ blockedTasks: async () => ({ blocked_tasks: n, reasons: [{ reason_code: 'sanctions_hit', count: n }] }) });
  it('passes at 10 or fewer, warns over 10 and fails over 50, naming the top reason', async () => {
    expect((await blockedTasks.run(context({ store: blocked(10) }))).status).toBe('pass');
    expect((await blockedTasks.run(context({ store: blocked(11) }))).status).toBe('warn');
    const r = await blockedTasks.run(context({ store: blocked(51) }));
    expect(r).toMatchObject({ status: 'fail', numbers: { blocked_tasks: 51, reason_1: 'sanctions_hit', reason_1_tasks: 51 } });
  });
});

describe('database checks', () => {
  it('database passes with its size and free pages, and fails (through the runner) when the ping throws', async () => {
    expect(await database.run(context({ store: { freeBytes: async () => 1_048_576 } }))).toMatchObject({ status: 'pass', numbers: { size_mb: 2, free_mb: 1 } });
    await expect(database.run(context({ store: { ping: async () => { throw new Error('SQLITE_CANTOPEN'); } } }))).rejects.toThrow('SQLITE_CANTOPEN');
  });
  it('database-integrity fails on problems and passes, saying so, when the backend has nothing to check', async () => {
    expect((await databaseIntegrity.run(context({ store: { integrityCheck: async () => ({ checked: true, ok: false, problems: 2, detail: 'row 3 missing from index' }) } }))).status).toBe('fail');
    const na = await databaseIntegrity.run(context({ store: { integrityCheck: async () => ({ checked: false, ok: true, problems: 0, detail: 'data checksums are off' }) } }));
    expect(na).toMatchObject({ status: 'pass', numbers: { checked: 'no' } });
    expect(na.summary).toContain('Not applicable');
  });
  it('required-indexes passes with all present and fails naming the missing ones', async () => {
    expect((await requiredIndexes.run(context({ store: { indexNames: async () => [...REQUIRED_INDEXES, 'other'] } }))).status).toBe('pass');
    const r = await requiredIndexes.run(context({ store: { indexNames: async () => REQUIRED_INDEXES.filter((n) => n !== 'idx_task_events_task_id') } }));
    expect(r).toMatchObject({ status: 'fail', numbers: { missing: 1, missing_names: 'idx_task_events_task_id' } });
  });
  it('trace-query-plan fails on a table scan and when the query cannot be planned', async () => {
    expect((await traceQueryPlan.run(context())).status).toBe('pass');
    expect((await traceQueryPlan.run(context({ store: { tracePlan: async () => ({ index: null, plan: 'SCAN task_audits' }) } }))).status).toBe('fail');
    const gone = await traceQueryPlan.run(context({ store: { tracePlan: async () => { throw new Error('no such index: idx_task_audits_task_id'); } } }));
    expect(gone.status).toBe('fail');
    expect(gone.summary).toContain('no such index');
  });
});

describe('breakers', () => {
  const breaker = (state: BreakerView['state'], forced: BreakerView['forced'] = null) => ({ integration: `i-${state}`, state, forced, forced_by: forced ? 'ops' : null }) as BreakerView;
  it('passes when all are CLOSED, warns when one is held or probing, fails when one is OPEN', async () => {
    expect((await breakers.run(context({ breakers: async () => ({ items: [breaker('CLOSED')] }) }))).status).toBe('pass');
    expect((await breakers.run(context({ breakers: async () => ({ items: [breaker('CLOSED', 'closed')] }) }))).status).toBe('warn');
    expect((await breakers.run(context({ breakers: async () => ({ items: [breaker('HALF_OPEN')] }) }))).status).toBe('warn');
    expect(await breakers.run(context({ breakers: async () => ({ items: [breaker('CLOSED'), breaker('OPEN')] }) }))).toMatchObject({ status: 'fail', numbers: { open: 1 } });
  });
});

describe('alert-engine', () => {
  const status = { lastSampleAt: NOW - 5_000, lastEvaluationAt: NOW - 5_000, leading: true, lastError: null, stepMs: 10_000, rules: 10 };
  it('passes with a recent step, warns before the first, fails when the steps stopped or the last one failed', async () => {
    expect((await alertEngine.run(context())).status).toBe('pass');
    expect((await alertEngine.run(context({ alerting: () => ({ ...status, lastSampleAt: null, lastEvaluationAt: null }) }))).status).toBe('warn');
    expect((await alertEngine.run(context({ alerting: () => ({ ...status, lastSampleAt: NOW - 31_000 }) }))).status).toBe('fail');
    expect((await alertEngine.run(context({ alerting: () => ({ ...status, lastError: 'SQLITE_BUSY' }) }))).status).toBe('fail');
  });
  it('fails when the alert lead samples but has not evaluated the rules for three steps; a follower is not held to it', async () => {
    const stale = { ...status, lastEvaluationAt: NOW - 45_000 };
    expect(await alertEngine.run(context({ alerting: () => stale }))).toMatchObject({
      status: 'fail', summary: 'The alert engine last evaluated the rules 45 s ago while it runs every 10 s: alerts are not evaluated.', numbers: { sampled_ago_s: 5, evaluated_ago_s: 45 },
    });
    expect(monitorStopped(stale, NOW)).toContain('last evaluated the rules 45 s ago');
    expect(monitorStopped({ ...stale, leading: false }, NOW)).toBeNull();
    expect(monitorStopped(status, NOW)).toBeNull();
  });
  it('says another process evaluates when this one does not hold the lead', async () => {
    const r = await alertEngine.run(context({ alerting: () => ({ ...status, leading: false }) }));
    expect(r.status).toBe('pass');
    expect(r.summary).toContain('another process');
  });
});

describe('webhook-deliveries', () => {
  const d = (status: DeliveryView['status'], receiver = 'webhook', at = NOW): DeliveryView => ({ id: 'x', receiver, at: new Date(at).toISOString(), status, attempts: 4, alerts: 1, http_status: status === 'delivered' ? 200 : 500, last_error: status === 'delivered' ? null : 'HTTP 500' });
  it('passes without a webhook and when the last deliveries arrived', async () => {
    expect((await webhookDeliveries.run(context())).status).toBe('pass');
    expect((await webhookDeliveries.run(context({ deliveries: () => [d('delivered'), d('delivered')] }))).status).toBe('pass');
  });
  it('fails when the last delivery failed and warns when an earlier one did', async () => {
    expect(await webhookDeliveries.run(context({ deliveries: () => [d('failed'), d('delivered')] }))).toMatchObject({ status: 'fail', numbers: { failed: 1 } });
    expect((await webhookDeliveries.run(context({ deliveries: () => [d('delivered'), d('rejected')] }))).status).toBe('warn');
  });
  it('fails when one receiver\'s last delivery failed even though another receiver took a later one, naming it', async () => {
    const deliveries = () => [d('delivered', 'webhook', NOW), d('failed', 'pager', NOW - 1_000), d('delivered', 'pager', NOW - 2_000)];
    expect(await webhookDeliveries.run(context({ deliveries }))).toMatchObject({ status: 'fail', summary: expect.stringContaining('The last delivery to pager'), numbers: { receivers_failing: 1 } });
    const recovered = () => [d('delivered', 'pager', NOW), d('delivered', 'webhook', NOW - 500), d('failed', 'pager', NOW - 1_000)];
    expect(await webhookDeliveries.run(context({ deliveries: recovered }))).toMatchObject({ status: 'warn', numbers: { receivers_failing: 0 } });
  });
  it('warns while notifications are muted, naming until when and who, and ignores the held deliveries otherwise', async () => {
    const muted = context({ deliveries: () => [d('held'), d('delivered')], notificationsMuted: async () => ({ until: NOW + 60_000, by: 'oncall', reason: 'storm' }) });
    expect(await webhookDeliveries.run(muted)).toMatchObject({ status: 'warn', summary: expect.stringContaining('muted until'), numbers: { muted_by: 'oncall', held: 1 } });
    expect((await webhookDeliveries.run(context({ deliveries: () => [d('held'), d('delivered')] }))).status).toBe('pass');
  });
});

describe('redis-and-outbox', () => {
  it('is not applicable when embedded', async () => {
    expect((await redisAndOutbox.run(context())).summary).toContain('Not applicable');
  });
  it("fails when one of the production backends' readiness entries fails, naming it, and leaves workers to live-workers", async () => {
    const readiness = { redis: { ok: true, detail: 'redis://h:6379' }, outbox: { ok: false, detail: '12 job(s) not yet on the queue, oldest 45 s' }, workers: { ok: false, detail: 'no live worker' } };
    const r = await redisAndOutbox.run(context({ mode: 'production', backendReadiness: async () => readiness }));
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('outbox: 12 job(s)');
    expect(r.summary).not.toContain('no live worker');
    expect((await redisAndOutbox.run(context({ mode: 'production', backendReadiness: async () => ({ redis: { ok: true, detail: 'ok' } }) }))).status).toBe('pass');
  });
});

describe('disk-space and last-backup', () => {
  it('disk-space passes with room, warns under 2 GB and fails under 512 MB', async () => {
    expect((await diskSpace.run(context())).status).toBe('pass');
    expect((await diskSpace.run(context({ diskSpace: async () => ({ freeBytes: 1.5 * GB, totalBytes: 10 * GB }) }))).status).toBe('warn');
    expect(await diskSpace.run(context({ diskSpace: async () => ({ freeBytes: 0.25 * GB, totalBytes: 1 * GB }) }))).toMatchObject({ status: 'fail', numbers: { free_gb: 0.25 } });
  });
  it('last-backup warns that no backup has been taken', async () => {
    expect(await lastBackup.run(context())).toMatchObject({ status: 'warn', numbers: { last_backup_at: null, backups: 0 } });
  });

  const backupsTaken = (ageMs: number[], everyMs: number | null = null) =>
    context({ backups: { dir: { path: '/data/backups', list: async () => ageMs.map((age) => ({ name: backupFileName(NOW - age, 'sqlite'), bytes: 1 })) }, everyMs } });
  const HOUR = 3_600_000;

  it('last-backup holds the newest backup to a day (warn) and a week (fail)', async () => {
    expect(await lastBackup.run(backupsTaken([30 * HOUR, 2 * HOUR]))).toMatchObject({ status: 'pass', numbers: { age_hours: 2, backups: 2, newest: backupFileName(NOW - 2 * HOUR, 'sqlite') } });
    expect((await lastBackup.run(backupsTaken([25 * HOUR]))).status).toBe('warn');
    expect(await lastBackup.run(backupsTaken([8 * 24 * HOUR]))).toMatchObject({ status: 'fail', numbers: { last_backup_at: new Date(NOW - 8 * 24 * HOUR).toISOString() } });
  });

  it('last-backup holds the newest backup to two and four runs of DECISIONOS_BACKUP_EVERY when set', async () => {
    expect((await lastBackup.run(backupsTaken([5 * HOUR], 6 * HOUR))).status).toBe('pass');
    expect((await lastBackup.run(backupsTaken([13 * HOUR], 6 * HOUR))).status).toBe('warn');
    expect((await lastBackup.run(backupsTaken([25 * HOUR], 6 * HOUR))).status).toBe('fail');
  });

  it('last-backup does not count files whose name is not a backup\'s', async () => {
    const strays = context({ backups: { dir: { path: '/b', list: async () => [{ name: 'decisionos.sqlite', bytes: 1 }] }, everyMs: null } });
    expect((await lastBackup.run(strays)).numbers.last_backup_at).toBeNull();
  });
});

describe('key-rotations', () => {
  const key = (keyId: string, over: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
    keyId, workspaceId: 'ws', name: keyId, scopes: ['read'], createdAt: NOW - 60_000, revokedAt: null, expiresAt: null, ...over,
  });

  it('passes when no key of the workspace is in a grace period (expired, revoked and other workspaces\' keys do not count)', async () => {
    const listKeys = async () => [key('a'), key('old', { expiresAt: NOW - 1 }), key('gone', { revokedAt: NOW - 5 }), key('b', { workspaceId: 'other', expiresAt: NOW + 60_000 })];
    expect(await keyRotations.run(context({ store: { listKeys } }))).toMatchObject({ status: 'pass', numbers: { active_keys: 1, in_grace: 0, first_grace_ends_at: null } });
  });

  it('warns with each rotated key still accepted and until when, the soonest first', async () => {
    const listKeys = async () => [key('new'), key('late', { expiresAt: NOW + 7_200_000 }), key('soon', { expiresAt: NOW + 60_000 })];
    const outcome = await keyRotations.run(context({ store: { listKeys } }));
    expect(outcome).toMatchObject({ status: 'warn', numbers: { active_keys: 1, in_grace: 2, first_grace_ends_at: new Date(NOW + 60_000).toISOString() } });
    expect(outcome.summary).toMatch(/soon .* until .*late .* until .*revoke it now/);
  });
});
