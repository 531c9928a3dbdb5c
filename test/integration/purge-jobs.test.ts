import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRequest } from '../../src/main/engine/domain/signals';
import { SignalEngine } from '../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { startTestEngine, type TestEngine } from '../fixtures/engine';
import { plant, previewAction, previewAndRun, purgedFile, readLines, runAction, statusOf, submitPayment, type PurgeTarget } from './purge-jobs-flow';
import { purgeJobsCases } from './purge-jobs.cases';

/** Real signals, failing on cue: decisions judged while `failing` is set end dead-lettered (one attempt). */
const real = new SignalEngine({ allowedActions: ['gmail.send'] }, createMemorySignalHistory());
let failing = false;
const signals = {
  compute(request: SignalRequest) {
    if (failing) throw new Error('reputation service is down');
    return real.compute(request);
  },
};

let engine: TestEngine | null = null;
let target: PurgeTarget | null = null;
const RECONCILE_MS = 200;

beforeAll(async () => {
  // The reconciler runs often here: a purged decision left queued without its job would be put back within the test.
  engine = await startTestEngine({ maxAttempts: 1, rateLimitPerMinute: 10_000_000, reconcileIntervalMs: RECONCILE_MS }, { signals, telemetryTimer: false });
  const e = engine;
  target = {
    dataDir: e.dataDir,
    call: async (method, path, body, key) => e.request(method, path, { ...(body ? { body } : {}), ...(key ? { key } : {}) }),
    stop: () => e.close(),
  };
});
afterAll(async () => {
  await target?.stop();
});

describe('purge and restore of queued jobs on embedded SQLite', () => {
  purgeJobsCases(() => target, 'sq');

  it('the reconciler leaves purged decisions failed: their jobs do not come back', async () => {
    const t = target as PurgeTarget;
    await previewAndRun(t, 'pause-worker');
    const decisions = [await submitPayment(t, 'sq-rec-1'), await submitPayment(t, 'sq-rec-2')];
    await previewAndRun(t, 'purge-queued-jobs', { task_ids: ['sq-rec-1', 'sq-rec-2'] });
    await sleep(RECONCILE_MS * 3);
    for (const id of decisions) expect((await statusOf(t, id)).status).toBe('failed');
    expect((await previewAction(t, 'purge-queued-jobs', { task_ids: ['sq-rec-1', 'sq-rec-2'] })).body.touches.counts).toEqual({ jobs: 0 });
    await previewAndRun(t, 'resume-worker');
  });

  it('discard-dead-letters writes the previewed dead jobs to a file and out of the dead set; their decisions stay failed until restored', async () => {
    const t = target as PurgeTarget;
    failing = true;
    const decisions = [await submitPayment(t, 'sq-dead-1'), await submitPayment(t, 'sq-dead-2')];
    await engine?.drain();
    const p = (await previewAction(t, 'discard-dead-letters', {})).body;
    expect(p.touches.counts).toEqual({ jobs: 2 });
    expect([p.destructive, p.confirm, p.params]).toEqual([true, '2', { job_ids: p.touches.ids }]);
    // A dead letter that arrives after the preview is not discarded.
    const late = await submitPayment(t, 'sq-dead-3');
    await engine?.drain();
    failing = false;
    const run = await runAction(t, 'discard-dead-letters', p.params, p.confirm);
    expect([run.status, run.body.counts]).toEqual([200, { jobs: 2 }]);
    const dead = (await t.call('GET', '/api/queue/dead')).body.items as { decision_id: string }[];
    expect(dead.map((d) => d.decision_id)).toEqual([late]);
    for (const id of decisions) expect(await statusOf(t, id)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('reputation service is down') });
    const file = purgedFile(t, run.body.undo.params.file);
    expect(run.body.undo.params.file).toMatch(/^discarded-/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [, ...lines] = readLines(file);
    expect(lines.map((l) => [l.kind, l.decision_id]).sort()).toEqual(decisions.map((d) => ['discarded', d]).sort());

    const restored = await previewAndRun(t, 'restore-jobs', run.body.undo.params);
    expect(restored.result.counts).toEqual({ jobs: 2 });
    await engine?.drain();
    for (const id of decisions) expect((await statusOf(t, id)).status).toBe('approved');
    expect((await statusOf(t, late)).status).toBe('failed');
  });

  it('another workspace cannot restore a file, a read key is refused, and a copy of a restored file puts nothing back (its decisions moved on)', async () => {
    const t = target as PurgeTarget;
    await previewAndRun(t, 'pause-worker');
    const decisions = [await submitPayment(t, 'sq-moved-1'), await submitPayment(t, 'sq-moved-2')];
    const { result } = await previewAndRun(t, 'purge-queued-jobs', { task_ids: ['sq-moved-1', 'sq-moved-2'] });
    const file = result.undo.params.file as string;
    const foreign = await engine?.keyFor('tenant-b', ['operate']);
    const theirs = await previewAction(t, 'restore-jobs', { file }, foreign);
    expect([theirs.status, theirs.body.error.message]).toEqual([400, expect.stringMatching(/another workspace/)]);
    const reader = await engine?.keyFor('default', ['read']);
    expect((await runAction(t, 'restore-jobs', { file }, undefined, reader)).status).toBe(403);
    const copy = 'purged-20260101T000000000Z-c0c0c0c0c0c0.jsonl';
    plant(t, copy, fs.readFileSync(purgedFile(t, file)));

    expect((await previewAndRun(t, 'restore-jobs', { file })).result.counts).toEqual({ jobs: 2 });
    await previewAndRun(t, 'resume-worker');
    await engine?.drain();
    for (const id of decisions) expect((await statusOf(t, id)).status).toBe('approved');

    const again = await previewAndRun(t, 'restore-jobs', { file: copy });
    expect(again.preview.touches.counts).toEqual({ jobs: 0 });
    expect(again.preview.summary).toMatch(/2 whose decision moved on/);
    expect(again.result.counts).toEqual({ jobs: 0 });
    for (const id of decisions) expect((await statusOf(t, id)).status).toBe('approved');
  });
});
