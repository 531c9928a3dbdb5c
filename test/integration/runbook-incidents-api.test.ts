import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunbookIncidents } from '../../src/shared/runbook-incidents';
import { startTestEngine, tempDataDir, type TestEngine } from '../fixtures/engine';

const RUNBOOK = path.resolve(import.meta.dirname, '../../RUNBOOK.md');

let t: TestEngine;
let reader: string;
beforeAll(async () => {
  t = await startTestEngine();
  reader = await t.keyFor('default', ['read']);
});
afterAll(async () => t?.close());

describe('GET /api/runbook/incidents', () => {
  it("answers RUNBOOK.md's incidents, in order, with their symptoms and ids, to a read-only key", async () => {
    const r = await t.request('GET', '/api/runbook/incidents', { key: reader });
    expect(r.status).toBe(200);
    const expected = parseRunbookIncidents(fs.readFileSync(RUNBOOK, 'utf8')).incidents.map(({ id, title, symptoms, checks, actions }) => ({ id, title, symptoms, checks, actions }));
    expect(r.body.items).toEqual(expected);
    const stuck = r.body.items.find((i: { id: string }) => i.id === 'decisions-stuck-in-processing');
    expect(stuck).toMatchObject({ title: 'Decisions stuck in processing', actions: expect.arrayContaining(['resume-worker']) });
    expect(stuck.symptoms).toMatch(/^You see: a decision keeps answering `queued`/);
  });

  it('refuses an unknown query parameter (400) rather than ignoring it', async () => {
    const r = await t.request('GET', `/api/runbook/incidents?incident=${'x'.repeat(5000)}`);
    expect([r.status, r.body.error?.code]).toEqual([400, 'validation_failed']);
  });

  it('refuses a call without a key (401)', async () => {
    expect((await t.request('GET', '/api/runbook/incidents', { key: null })).status).toBe(401);
  });
});

describe('a run with a run id', () => {
  it('runs, and its progress is gone once the run has answered (404)', async () => {
    const r = await t.request('POST', '/api/runbook/actions/pause-worker/run', { body: { params: {}, reason: 'progress test', run_id: 'ui-run-0001' } });
    expect([r.status, r.body.progress]).toEqual([200, { done: 1, total: 1 }]);
    const after = await t.request('GET', '/api/runbook/runs/ui-run-0001');
    expect([after.status, after.body.error?.code]).toEqual([404, 'not_found']);
    await t.request('POST', '/api/runbook/actions/resume-worker/run', { body: { params: {}, reason: 'progress test' } });
  });

  it('refuses an oversized or malformed run id (400) and runs nothing', async () => {
    for (const runId of ['x'.repeat(65), 'short', 'has space in it', '../../etc']) {
      const r = await t.request('POST', '/api/runbook/actions/pause-worker/run', { body: { params: {}, reason: 'hostile', run_id: runId } });
      expect([runId, r.status, r.body.error?.code]).toEqual([runId, 400, 'validation_failed']);
      const poll = await t.request('GET', `/api/runbook/runs/${encodeURIComponent(runId)}`);
      expect([runId, poll.status]).toEqual([runId, 400]);
    }
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(false);
  });

  it('refuses a run with a run id to a key without the scope (403): nothing runs, and the run id stays free', async () => {
    const r = await t.request('POST', '/api/runbook/actions/pause-worker/run', { key: reader, body: { params: {}, reason: 'not allowed', run_id: 'ui-run-0003' } });
    expect([r.status, r.body.error?.code]).toEqual([403, 'forbidden']);
    expect((await t.request('GET', '/api/queue')).body.paused).toBe(false);
    expect((await t.request('GET', '/api/runbook/runs/ui-run-0003')).status).toBe(404);
  });

  it('refuses to read progress without a key (401)', async () => {
    expect((await t.request('GET', '/api/runbook/runs/ui-run-0002', { key: null })).status).toBe(401);
  });
});

describe('an engine without its runbook', () => {
  it('does not start, naming the missing file', async () => {
    const missing = path.join(tempDataDir('dos-no-runbook-'), 'RUNBOOK.md');
    await expect(startTestEngine({}, { runbookFile: missing })).rejects.toThrow(`cannot read the runbook ${missing} (ENOENT)`);
  });

  it('does not start with a malformed runbook block, naming its line', async () => {
    const file = path.join(tempDataDir('dos-bad-runbook-'), 'RUNBOOK.md');
    fs.writeFileSync(file, '## Incidents\n### Disk full\n```runbook\nincident: disk-full\nchecks: disk-space\n```\n');
    await expect(startTestEngine({}, { runbookFile: file })).rejects.toThrow('runbook block at line 3: "actions:" is missing');
  });
});
