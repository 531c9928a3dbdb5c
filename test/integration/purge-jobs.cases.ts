import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import {
  allJudged, plant, previewAction, previewAndRun, purgedFile, readLines, runAction, startSubmitter, statusOf, submitPayment, waitUntilWaiting,
  type PurgeTarget,
} from './purge-jobs-flow';

/** What purge and restore must do on every backend; `target()` is null when the backend is not there (skipped). */
export function purgeJobsCases(target: () => PurgeTarget | null, prefix: string): void {
  it('purge removes exactly the previewed jobs while a client keeps submitting; the file holds them; restore brings them back, judged after resume', async (ctx) => {
    const t = target();
    if (!t) return ctx.skip();
    await previewAndRun(t, 'pause-worker');
    const since = new Date(Date.now() - 1).toISOString();
    const before: string[] = [];
    for (let i = 0; i < 8; i += 1) before.push(await submitPayment(t, `${prefix}-a-${i}`));
    const agent = await t.call('POST', '/api/decisions', { decision_type: 'agent_tool_call', task_id: `${prefix}-agent`, inputs: { agent_id: 'agent-1', tool: 'gmail.send' } });
    expect(agent.status).toBe(202);
    const filter = { decision_type: 'payment_fraud_check', enqueued_after: since };
    await waitUntilWaiting(t, filter, before.length);

    const submitter = startSubmitter(t, `${prefix}-s`);
    await sleep(50);
    const preview = (await previewAction(t, 'purge-queued-jobs', filter)).body;
    submitter.previewAnswered();
    const n = preview.touches.total as number;
    expect(n).toBeGreaterThanOrEqual(before.length);
    expect(preview.touches.counts).toEqual({ jobs: n });
    expect([preview.destructive, preview.confirm]).toEqual([true, String(n)]);
    expect(preview.params).toEqual({ ...filter, job_ids: preview.touches.ids });
    // More submissions matching the filter arrive between the preview and the run.
    await expect.poll(() => submitter.submitted.filter((s) => s.afterPreview).length, { timeout: 10_000, interval: 10 }).toBeGreaterThanOrEqual(3);
    const wrongConfirm = await runAction(t, 'purge-queued-jobs', preview.params, String(n + 1));
    expect([wrongConfirm.status, wrongConfirm.body.error.code]).toEqual([409, 'conflict']);
    const run = await runAction(t, 'purge-queued-jobs', preview.params, preview.confirm);
    expect([run.status, run.body.error]).toEqual([200, undefined]);
    const submitted = await submitter.stop();
    expect(run.body.counts).toEqual({ jobs: n });
    expect(run.body.progress).toEqual({ done: n, total: n });
    expect(run.body.undo).toMatchObject({ action_id: 'restore-jobs', params: { file: expect.stringMatching(/^purged-\d{8}T\d{9}Z-[0-9a-f]{12}\.jsonl$/) } });
    const name = run.body.undo.params.file as string;

    // The file: private, complete, and exactly the previewed jobs with everything a restore needs.
    const file = purgedFile(t, name);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const [header, ...lines] = readLines(file);
    expect(header).toMatchObject({ format: 'decisionos-removed-jobs/1', kind: 'purged', workspace_id: 'default', jobs: n });
    expect(lines.map((l) => l.job_id).sort()).toEqual([...preview.touches.ids].sort());
    for (const line of lines) {
      expect(line).toMatchObject({ kind: 'purged', workspace_id: 'default', decision_type: 'payment_fraud_check', reason: 'purge test', decision_error: expect.stringMatching(/^purged by an operator/) });
      expect(Object.keys(line).sort()).toEqual(['actor', 'decision_error', 'decision_id', 'decision_type', 'enqueued_at', 'inputs', 'job_id', 'kind', 'priority', 'reason', 'removed_at', 'source_event_ts', 'task_id', 'workspace_id']);
    }
    const purged = new Set(lines.map((l) => l.decision_id as string));
    for (const id of before) expect(purged.has(id)).toBe(true);

    // Purged decisions failed as purged (so the reconciler leaves them); everything else still waits, later submissions included.
    const all = [...before, ...submitted.map((s) => s.decisionId)];
    for (const id of all) {
      const d = await statusOf(t, id);
      expect([id, d.status, purged.has(id) ? /^purged by an operator/.test(d.last_error) : d.last_error]).toEqual([id, purged.has(id) ? 'failed' : 'queued', purged.has(id) ? true : null]);
    }
    expect(submitted.filter((s) => s.afterPreview && purged.has(s.decisionId))).toEqual([]);
    expect((await statusOf(t, agent.body.decision_id)).status).toBe('queued');
    const purgedTask = lines[0]?.task_id as string;
    const trace = (await t.call('GET', `/api/governance/tasks/${purgedTask}/decision-trace`)).body.items as { event_type: string; payload: Record<string, unknown> }[];
    expect(trace.at(-1)).toMatchObject({ event_type: 'RUNBOOK_ACTION', payload: { action: 'purge-queued-jobs', file: name, reason: 'purge test' } });
    await expect.poll(async () => (await t.call('GET', '/api/queue')).body.ready, { timeout: 10_000 }).toBe(all.length - n + 1);

    // Restore: the same jobs back on the queue, once.
    const restorePreview = (await previewAction(t, 'restore-jobs', { file: name })).body;
    expect(restorePreview.touches.counts).toEqual({ jobs: n });
    expect([...restorePreview.touches.ids].sort()).toEqual([...preview.touches.ids].sort());
    const restored = await runAction(t, 'restore-jobs', restorePreview.params);
    expect([restored.status, restored.body.counts]).toEqual([200, { jobs: n }]);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(`${file}.restored`)).toBe(true);
    for (const id of purged) expect((await statusOf(t, id)).status).toBe('queued');
    const again = await runAction(t, 'restore-jobs', { file: name });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict']);
    await expect.poll(async () => (await t.call('GET', '/api/queue')).body.ready, { timeout: 10_000 }).toBe(all.length + 1);

    await previewAndRun(t, 'resume-worker');
    await allJudged(t, all);
  }, 90_000);

  it('restoring one file twice at once puts each job back once', async (ctx) => {
    const t = target();
    if (!t) return ctx.skip();
    await previewAndRun(t, 'pause-worker');
    const tasks = [`${prefix}-twice-1`, `${prefix}-twice-2`, `${prefix}-twice-3`];
    const decisions = [];
    for (const task of tasks) decisions.push(await submitPayment(t, task));
    await waitUntilWaiting(t, { task_ids: tasks }, 3);
    const { result } = await previewAndRun(t, 'purge-queued-jobs', { task_ids: tasks });
    const name = result.undo.params.file as string;
    const runs = await Promise.all([runAction(t, 'restore-jobs', { file: name }), runAction(t, 'restore-jobs', { file: name })]);
    expect(runs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(runs.find((r) => r.status === 200)?.body.counts).toEqual({ jobs: 3 });
    for (const task of tasks) {
      const trace = (await t.call('GET', `/api/governance/tasks/${task}/decision-trace`)).body.items as { payload: { action?: string } }[];
      expect(trace.filter((e) => e.payload.action === 'restore-jobs')).toHaveLength(1);
    }
    await expect.poll(async () => (await previewAction(t, 'purge-queued-jobs', { task_ids: tasks })).body.touches.counts.jobs, { timeout: 10_000 }).toBe(3);
    await previewAndRun(t, 'resume-worker');
    await allJudged(t, decisions);
  }, 60_000);

  it('purging the same previewed jobs twice at once removes and fails each job once', async (ctx) => {
    const t = target();
    if (!t) return ctx.skip();
    await previewAndRun(t, 'pause-worker');
    const tasks = [`${prefix}-race-1`, `${prefix}-race-2`, `${prefix}-race-3`, `${prefix}-race-4`];
    const decisions = [];
    for (const task of tasks) decisions.push(await submitPayment(t, task));
    await waitUntilWaiting(t, { task_ids: tasks }, 4);
    const p = (await previewAction(t, 'purge-queued-jobs', { task_ids: tasks })).body;
    const runs = await Promise.all([runAction(t, 'purge-queued-jobs', p.params, p.confirm), runAction(t, 'purge-queued-jobs', p.params, p.confirm)]);
    // The second run may already preview none left (its confirmation then no longer matches: 409) or find them gone.
    const done = runs.filter((r) => r.status === 200);
    expect(runs.every((r) => r.status === 200 || r.body.error.code === 'conflict')).toBe(true);
    expect(done.reduce((sum, r) => sum + r.body.counts.jobs, 0)).toBe(4);
    for (const task of tasks) {
      const trace = (await t.call('GET', `/api/governance/tasks/${task}/decision-trace`)).body.items as { payload: { action?: string } }[];
      expect(trace.filter((e) => e.payload.action === 'purge-queued-jobs')).toHaveLength(1);
    }
    for (const r of done.filter((d) => d.body.undo)) await previewAndRun(t, 'restore-jobs', r.body.undo.params);
    await previewAndRun(t, 'resume-worker');
    await allJudged(t, decisions);
  }, 60_000);

  it('refuses hostile file names and damaged files with a 400 that says why, and restores nothing', async (ctx) => {
    const t = target();
    if (!t) return ctx.skip();
    await previewAndRun(t, 'pause-worker');
    const tasks = [`${prefix}-hostile-1`, `${prefix}-hostile-2`];
    const decisions = [];
    for (const task of tasks) decisions.push(await submitPayment(t, task));
    await waitUntilWaiting(t, { task_ids: tasks }, 2);
    const { result } = await previewAndRun(t, 'purge-queued-jobs', { task_ids: tasks });
    const good = purgedFile(t, result.undo.params.file);
    const text = fs.readFileSync(good, 'utf8');
    const lines = text.trim().split('\n');
    const named = (tag: string) => `purged-20260101T000000000Z-${tag.padEnd(12, '0')}.jsonl`;

    const refused = async (file: string, message: RegExp) => {
      for (const r of [await previewAction(t, 'restore-jobs', { file }), await runAction(t, 'restore-jobs', { file })]) {
        expect([file, r.status, r.body.error.code]).toEqual([file, 400, expect.stringMatching(/^(bad_request|validation_failed)$/)]);
        expect(r.body.error.message).toMatch(message);
      }
    };
    for (const file of ['../admin.key', '/etc/passwd', `../purged/${result.undo.params.file}`, `${result.undo.params.file}/..`, 'decisionos.sqlite', `${result.undo.params.file}.restored`, '', 'x'.repeat(5_000)]) {
      await refused(file, /file/);
    }
    plant(t, named('a1'), `${lines[0]}\n${lines[1]}\n{"job_id": \n`);
    await refused(named('a1'), /corrupt: line 3/);
    plant(t, named('a2'), text.slice(0, -10));
    await refused(named('a2'), /truncated/);
    plant(t, named('a3'), `${lines[0]}\n${lines[1]}\n`);
    await refused(named('a3'), /counts 2 job\(s\), it holds 1/);
    plant(t, named('a4'), text.replaceAll('"workspace_id":"default"', '"workspace_id":"tenant-b"'));
    await refused(named('a4'), /another workspace/);
    fs.symlinkSync(good, purgedFile(t, named('a5')));
    await refused(named('a5'), /symlink/);
    const big = plant(t, named('a6'), text);
    fs.truncateSync(big, 64 * 1024 * 1024 + 1); // sparse: the size is what counts
    await refused(named('a6'), /bytes, more than/);
    const missing = await previewAction(t, 'restore-jobs', { file: named('a7') });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);

    for (const id of decisions) expect((await statusOf(t, id)).status).toBe('failed');
    expect(fs.existsSync(good)).toBe(true);
    const restored = await previewAndRun(t, 'restore-jobs', { file: result.undo.params.file });
    expect(restored.result.counts).toEqual({ jobs: 2 });
    await previewAndRun(t, 'resume-worker');
    await allJudged(t, decisions);
  }, 60_000);

  it('a purge needs a filter, a strict one', async (ctx) => {
    const t = target();
    if (!t) return ctx.skip();
    for (const params of [{}, { decision_type: 'payment' }, { task_ids: [] }, { enqueued_before: 'yesterday' }, { decision_typo: 'payment_fraud_check' }, { task_ids: Array.from({ length: 501 }, (_, i) => `t-${i}`) }]) {
      const r = await previewAction(t, 'purge-queued-jobs', params);
      expect([JSON.stringify(params).slice(0, 60), r.status, r.body.error.code]).toEqual([JSON.stringify(params).slice(0, 60), 400, 'validation_failed']);
    }
  });
}
