import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { spawnEngine, type ChildEngine } from '../fixtures/child-engine';
import { startProductionCluster, type ProductionCluster } from '../fixtures/production-cluster';
import { createPostgresDatabaseForTests } from '../contract/backends';
import { startSteadySubmitter } from '../fixtures/steady-submitter';
import { apiCall, previewAndRun } from '../fixtures/api-call';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON, typed by the contract
type Json = any;

let dataDir: string;
let engine: ChildEngine;


/** Previews, then runs with the preview's pinned params and typed confirmation, as the UI does. */

/** Waits until the submitter has had `n` more submissions accepted than `from` (the load decides how long that takes). */
async function acceptedAtLeast(answers: { status: number }[], n: number): Promise<number> {
  await expect.poll(() => answers.filter((a) => a.status === 202).length, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(n);
  return answers.filter((a) => a.status === 202).length;
}

/** A task's trace as the API serves it, every page. */
async function servedTrace(taskId: string, on: Pick<ChildEngine, 'url' | 'key'> = engine): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await apiCall(on, 'GET', `/api/governance/tasks/${taskId}/decision-trace?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.status).toBe(200);
    ids.push(...page.body.items.map((i: Json) => `${i.event_type}:${i.audit_id}`));
    cursor = page.body.next_cursor;
  } while (cursor);
  return ids;
}

/** What the backup file itself holds: the decisions with their status, and each task's trace in order. */
function backupContents(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const decisions = db.prepare('SELECT decision_id, task_id, status FROM decisions').all() as { decision_id: string; task_id: string; status: string }[];
    const trace = db.prepare("SELECT event_type || ':' || audit_id AS e FROM task_audits WHERE task_id = ? ORDER BY seq").pluck();
    return { decisions, trace: (taskId: string) => trace.all(taskId) as string[], integrity: db.pragma('integrity_check', { simple: true }), close: () => db.close() };
  } catch (error) {
    db.close();
    throw error;
  }
}

describe('backup and restore on the embedded SQLite store', () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-backup-'));
    engine = await spawnEngine(dataDir, { DECISIONOS_BACKUP_KEEP: '2' });
  });
  afterAll(async () => {
    engine?.child.kill('SIGTERM');
    await engine?.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('a backup taken while decisions pour in passes the integrity check, and restoring it serves the traces it held', async () => {
    const submitter = startSteadySubmitter({ api: engine }, 'bk', 128);
    const before = await acceptedAtLeast(submitter.answers, 1_000);
    const backupStart = performance.now();
    const backup = await previewAndRun(engine, 'backup-now');
    const backupEnd = performance.now();
    await acceptedAtLeast(submitter.answers, before + 300);
    await sleep(Math.max(0, backupEnd + 1_000 - performance.now()));
    const answers = await submitter.stop();
    const accepted = answers.filter((a) => a.status === 202);
    // The write rate around the backup: what was accepted from 1 s before the preview to 1 s after the run.
    const window = accepted.filter((a) => a.sentAt >= backupStart - 1_000 && a.sentAt <= backupEnd + 1_000).length;
    const rate = Math.round(window / ((backupEnd - backupStart + 2_000) / 1000));
    console.log(`backup under load: ${rate} decisions/s accepted around it (${window} in ${((backupEnd - backupStart + 2_000) / 1000).toFixed(2)} s); backup run ${backup.result.duration_ms} ms`);
    expect(answers.filter((a) => a.status !== 202).map((a) => a.status).slice(0, 5)).toEqual([]);
    expect(backup.result.progress.done).toBe(backup.result.progress.total);

    const name = /decisionos-[^ ]+\.sqlite/.exec(backup.result.summary)?.[0] as string;
    const file = path.join(dataDir, 'backups', name);
    const held = backupContents(file);
    expect(held.integrity).toBe('ok');
    const heldIds = new Set(held.decisions.map((d) => d.decision_id));
    // The copy is of a moment in the middle of the load: some decisions before it, some after.
    const after = accepted.filter((a) => !heldIds.has(a.decisionId as string));
    expect(heldIds.size).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);

    const restore = await previewAndRun(engine, 'restore-backup', { file: name });
    expect(restore.preview).toMatchObject({ destructive: true, confirm: name });
    expect(restore.result.undo).toMatchObject({ action_id: 'restore-backup', params: { file: expect.stringMatching(/-replaced\.sqlite$/) } });

    // Every decision the backup held is served with the trace it held (a decision still open then may have moved on).
    const sample = held.decisions.filter((_, i) => i % Math.ceil(held.decisions.length / 150) === 0);
    for (const d of sample) {
      const served = await servedTrace(d.task_id);
      const backedUp = held.trace(d.task_id);
      if (['queued', 'processing'].includes(d.status)) expect(served.slice(0, backedUp.length)).toEqual(backedUp);
      else expect(served).toEqual(backedUp);
    }
    // What came after the backup is gone from the live database, and kept in the replaced copy.
    const later = after.at(-1)?.decisionId as string;
    expect((await apiCall(engine, 'GET', `/api/governance/decisions/${later}`)).status).toBe(404);
    const replaced = new Database(path.join(dataDir, 'backups', restore.result.undo.params.file), { readonly: true });
    expect(replaced.prepare('SELECT count(*) FROM decisions WHERE decision_id = ?').pluck().get(later)).toBe(1);
    replaced.close();
    held.close();

    // The worker was put back: the decisions the backup held open are judged.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const queue = (await apiCall(engine, 'GET', '/api/queue')).body;
      if (queue.ready + queue.leased + queue.delayed === 0 && !queue.paused) break;
      if (Date.now() > deadline) throw new Error(`the queue did not drain after the restore: ${JSON.stringify(queue)}`);
      await sleep(200);
    }
    expect((await apiCall(engine, 'GET', `/api/governance/decisions/${held.decisions[0]?.decision_id}`)).body.status).toMatch(/approved|needs_review|blocked/);
  }, 120_000);

  it('after a restore the alert engine works on the rules and silences the backup held, not on those made since', async () => {
    const backup = await previewAndRun(engine, 'backup-now');
    const name = /decisionos-[^ ]+\.sqlite/.exec(backup.result.summary)?.[0] as string;
    const rule = { id: 'made-after-backup', metric: 'queue_depth', type: 'threshold', operator: '>', threshold: 5, severity: 'warning', message: 'made after the backup' };
    expect((await apiCall(engine, 'POST', '/api/alerts/rules', { rule, reason: 'restore test' })).status).toBe(200);
    const silence = await apiCall(engine, 'POST', '/api/alerts/silences', { matchers: [{ label: 'alertname', op: '=', value: 'queue-depth-high' }], ends_at: new Date(Date.now() + 3_600_000).toISOString(), comment: 'made after the backup' });
    expect(silence.status).toBe(200);
    const ruleIds = async () => (await apiCall(engine, 'GET', '/api/alerts/rules')).body.map((r: Json) => r.id);
    const silenceIds = async () => (await apiCall(engine, 'GET', '/api/alerts/silences')).body.map((x: Json) => x.id);
    expect(await ruleIds()).toContain('made-after-backup');
    expect(await silenceIds()).toContain(silence.body.id);

    await previewAndRun(engine, 'restore-backup', { file: name });
    expect(await ruleIds()).not.toContain('made-after-backup');
    expect(await ruleIds()).toContain('queue-depth-high');
    expect(await silenceIds()).not.toContain(silence.body.id);
  });

    it('keeps the newest DECISIONOS_BACKUP_KEEP backups and the last-backup check passes', async () => {
    for (let i = 0; i < 3; i += 1) await previewAndRun(engine, 'backup-now');
    const ordinary = fs.readdirSync(path.join(dataDir, 'backups')).filter((f) => /Z\.sqlite$/.test(f));
    expect(ordinary).toHaveLength(2);
    const check = await apiCall(engine, 'GET', '/api/runbook/checks?ids=last-backup');
    expect(check.body.checks[0]).toMatchObject({ id: 'last-backup', status: 'pass' });
  });

  it('refuses hostile file names with 400 and unknown backups with 404, changing nothing', async () => {
    for (const file of ['../decisionos.sqlite', '/etc/passwd', 'decisionos.sqlite', 'x'.repeat(10_000), '']) {
      const r = await apiCall(engine, 'POST', '/api/runbook/actions/restore-backup/preview', { params: { file } });
      expect([r.status, r.body.error.code]).toEqual([400, 'validation_failed']);
    }
    const missing = await apiCall(engine, 'POST', '/api/runbook/actions/restore-backup/preview', { params: { file: 'decisionos-2020-01-01T00-00-00.000Z.sqlite' } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const unconfirmed = await apiCall(engine, 'POST', '/api/runbook/actions/restore-backup/run', { params: { file: 'decisionos-2020-01-01T00-00-00.000Z.sqlite' }, reason: 'test' });
    expect(unconfirmed.status).toBe(404);
  });

  it('runs one backup at a time: a second one at once is refused with 409', async () => {
    const run = () => apiCall(engine, 'POST', '/api/runbook/actions/backup-now/run', { params: {}, reason: 'twice at once' });
    const statuses = (await Promise.all([run(), run()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
  });
});

/** pg_dump and pg_restore on this machine's PATH: the Postgres variant runs them for real, else it checks the message. */
const pgTools = (() => {
  try {
    execFileSync('pg_dump', ['--version']);
    execFileSync('pg_restore', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('backup and restore on Postgres (pg_dump / pg_restore)', () => {
  let c: ProductionCluster | null;
  let toolless: ChildEngine | null = null;
  let toollessDir: string | null = null;
  beforeAll(async () => {
    c = await startProductionCluster(1);
    // The same deployment seen by an API process whose PATH has no PostgreSQL client tools.
    if (!c) return;
    toollessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dos-toolless-'));
    fs.writeFileSync(path.join(toollessDir, 'admin.key'), `${c.api.key}\n`, { mode: 0o600 }); // the deployment's keys are in Postgres
    toolless = await spawnEngine(toollessDir, { ...c.env, PATH: '/nonexistent' }, ['--no-worker']);
  }, 60_000);
  afterAll(async () => {
    toolless?.child.kill('SIGKILL');
    await toolless?.exited;
    await c?.stop();
    if (toollessDir) fs.rmSync(toollessDir, { recursive: true, force: true });
  });

  it('without pg_dump on PATH, backup-now fails saying exactly which command to run', async (ctx) => {
    if (!c || !toolless) return ctx.skip();
    const preview = await apiCall(toolless, 'POST', '/api/runbook/actions/backup-now/preview', { params: {} });
    const run = await apiCall(toolless, 'POST', '/api/runbook/actions/backup-now/run', { params: {}, reason: 'no tools' });
    const db = c.databaseUrl.replace(/\//g, '\\/').replace(/\./g, '\\.');
    const message = new RegExp(
      `^pg_dump is not on the PATH of this DecisionOS process, so it cannot do this itself: run \`pg_dump --format=custom --file='[^']+/backups/decisionos-[0-9T.Z-]+\\.dump' --dbname='${db}'\` on a machine with the PostgreSQL client tools\\.$`,
    );
    expect(preview.body.summary).toMatch(message);
    expect(preview.body.touches.counts).toEqual({ backups: 0, removed: 0 });
    expect([run.status, run.body.error.code]).toEqual([409, 'invalid_state']);
    expect(run.body.error.message).toMatch(message);
  });

  it('without the tools on PATH, restore-backup says exactly what to run, and changes nothing', async (ctx) => {
    if (!c || !toolless || !toollessDir) return ctx.skip();
    const name = 'decisionos-2026-01-01T00-00-00.000Z.dump';
    fs.mkdirSync(path.join(toollessDir, 'backups'), { recursive: true });
    fs.writeFileSync(path.join(toollessDir, 'backups', name), 'a dump taken elsewhere');
    const backups = path.join(toollessDir, 'backups');
    const db = `'${c.databaseUrl}'`;
    const expected =
      `pg_dump and pg_restore are not on the PATH of this DecisionOS process, so it cannot restore itself: run ` +
      `\`pg_dump --format=custom --file='${backups}/decisionos-replaced-by-hand.dump' --dbname=${db}\` and then ` +
      `\`pg_restore --clean --if-exists --single-transaction --no-owner --exit-on-error --dbname=${db} '${backups}/${name}'\` on a machine with the PostgreSQL client tools, with the workers paused.`;
    const preview = await apiCall(toolless, 'POST', '/api/runbook/actions/restore-backup/preview', { params: { file: name } });
    expect(preview.body).toMatchObject({ summary: expected, touches: { counts: { databases: 0 } }, confirm: name });
    const run = await apiCall(toolless, 'POST', '/api/runbook/actions/restore-backup/run', { params: { file: name }, reason: 'no tools', confirm: name });
    expect([run.status, run.body.error.code, run.body.error.message]).toEqual([409, 'invalid_state', expected]);
    expect((await apiCall(toolless, 'GET', '/api/queue')).body.paused).toBe(false);
  });

  it('a pg_dump taken while decisions pour in restores with pg_restore to the traces it held', async (ctx) => {
    if (!c) return ctx.skip();
    if (!pgTools) return ctx.skip(); // the message test above covers a machine without the tools
    const api = c.api;
    const submitter = startSteadySubmitter(c, 'pgbk', 16);
    const before = await acceptedAtLeast(submitter.answers, 300);
    const backup = await previewAndRun(api, 'backup-now');
    await acceptedAtLeast(submitter.answers, before + 300);
    const answers = await submitter.stop();
    expect(answers.filter((a) => a.status !== 202).map((a) => a.status).slice(0, 5)).toEqual([]);
    const file = /Backed up to (\S+\.dump)/.exec(backup.result.summary)?.[1] as string;
    expect(execFileSync('pg_restore', ['--list', file], { encoding: 'utf8' })).toContain('TABLE DATA public task_audits');

    // What the dump holds, read from a scratch database it is restored into.
    const scratch = await createPostgresDatabaseForTests();
    if (!scratch) throw new Error('no scratch database');
    const held = new pg.Client({ connectionString: scratch.url });
    try {
      execFileSync('pg_restore', ['--no-owner', `--dbname=${scratch.url}`, file]);
      await held.connect();
      const decisions = (await held.query<{ decision_id: string; task_id: string; status: string }>('SELECT decision_id, task_id, status FROM decisions')).rows;
      expect(decisions.length).toBeGreaterThan(100);
      const heldIds = new Set(decisions.map((d) => d.decision_id));
      const later = answers.filter((a) => a.decisionId && !heldIds.has(a.decisionId)).at(-1)?.decisionId as string;
      expect(later).toBeDefined();

      const restore = await previewAndRun(api, 'restore-backup', { file: path.basename(file) });
      expect(restore.result.undo.params.file).toMatch(/-replaced\.dump$/);

      for (const d of decisions.filter((_, i) => i % Math.ceil(decisions.length / 100) === 0)) {
        const backedUp = (await held.query<{ e: string }>("SELECT event_type || ':' || audit_id AS e FROM task_audits WHERE task_id = $1 ORDER BY seq", [d.task_id])).rows.map((r) => r.e);
        const served = await servedTrace(d.task_id, api);
        if (['queued', 'processing'].includes(d.status)) expect(served.slice(0, backedUp.length)).toEqual(backedUp);
        else expect(served).toEqual(backedUp);
      }
      expect((await apiCall(api, 'GET', `/api/governance/decisions/${later}`)).status).toBe(404);
    } finally {
      await held.end().catch(() => undefined);
      await scratch.drop();
    }
  }, 120_000);
});
