import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removedJobsDir } from '../../../../../src/main/engine/adapters/removed-jobs-dir';
import type { RemovedJob } from '../../../../../src/shared/schemas/removed-jobs';
import { tempDataDir } from '../../../../fixtures/engine';

const AT = Date.UTC(2026, 0, 5, 12, 30, 1, 234);
const job = (n: number): RemovedJob => ({
  kind: 'purged', job_id: `job-${n}`, decision_id: `dec-${n}`, task_id: `task-${n}`, workspace_id: 'ws-a', decision_type: 'payment_fraud_check',
  inputs: { amount: n, currency: 'EUR', customer_id: `c-${n}` }, priority: 0, source_event_ts: null, enqueued_at: new Date(AT).toISOString(),
  removed_at: new Date(AT).toISOString(), actor: 'ann', reason: 'bad batch', decision_error: 'purged by an operator (ann): bad batch',
});

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function dataDir(): string {
  const d = tempDataDir('dos-removed-jobs-');
  dirs.push(d);
  return d;
}
const codeOf = async (p: Promise<unknown>) => p.then(() => 'none', (e: { code?: string }) => e.code);

describe('the removed-jobs folder', () => {
  it('writes a private file under a time-and-random name, with no temporary file left, and reads it back', async () => {
    const d = dataDir();
    const files = removedJobsDir(d);
    const name = await files.write('purged', 'ws-a', [job(1), job(2)], AT);
    expect(name).toMatch(/^purged-20260105T123001234Z-[0-9a-f]{12}\.jsonl$/);
    expect(fs.statSync(path.join(d, 'purged')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(d, 'purged', name)).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.join(d, 'purged'))).toEqual([name]);
    expect(await files.read(name, 'ws-a')).toEqual([job(1), job(2)]);
    expect(await files.write('purged', 'ws-a', [job(1)], AT)).not.toBe(name);
  });

  it('refuses to write a file larger than a restore reads, and writes nothing', async () => {
    const d = dataDir();
    const files = removedJobsDir(d, 600);
    expect(await codeOf(files.write('purged', 'ws-a', [job(1), job(2), job(3)], AT))).toBe('payload_too_large');
    expect(fs.existsSync(path.join(d, 'purged'))).toBe(false);
  });

  it('is restored once: the second mark and any read after it are a conflict', async () => {
    const files = removedJobsDir(dataDir());
    const name = await files.write('discarded', 'ws-a', [{ ...job(1), kind: 'discarded' }], AT);
    const marks = await Promise.all([codeOf(files.markRestored(name)), codeOf(files.markRestored(name))]);
    expect(marks.sort()).toEqual(['conflict', 'none']);
    expect(await codeOf(files.read(name, 'ws-a'))).toBe('conflict');
    expect(await codeOf(files.read('purged-20260105T123001234Z-000000000000.jsonl', 'ws-a'))).toBe('not_found');
    expect(await codeOf(files.markRestored('../x.jsonl'))).toBe('bad_request');
  });
});
