import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';

/** One engine the purge tests drive over its API, embedded SQLite or Postgres + Redis. */
export interface PurgeTarget {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read response JSON loosely; the contract types it
  call(method: 'GET' | 'POST', path: string, body?: object, key?: string): Promise<{ status: number; body: any }>;
  /** The data dir of the process that runs the actions: its `purged/` folder holds their files. */
  dataDir: string;
  stop(): Promise<void>;
}

const REASON = 'purge test';

export async function submitPayment(t: PurgeTarget, taskId: string): Promise<string> {
  const r = await t.call('POST', '/api/decisions', { decision_type: 'payment_fraud_check', task_id: taskId, inputs: { amount: 10, currency: 'EUR', customer_id: `c-${taskId}` } });
  expect([r.status, r.body.error]).toEqual([202, undefined]);
  return r.body.decision_id as string;
}

export const previewAction = (t: PurgeTarget, id: string, params: object, key?: string) => t.call('POST', `/api/runbook/actions/${id}/preview`, { params }, key);

export const runAction = (t: PurgeTarget, id: string, params: object, confirm?: string, key?: string) =>
  t.call('POST', `/api/runbook/actions/${id}/run`, { params, reason: REASON, ...(confirm === undefined ? {} : { confirm }) }, key);

/** Previews and runs with the preview's pinned params and confirmation, as the UI does. */
export async function previewAndRun(t: PurgeTarget, id: string, params: object = {}) {
  const p = await previewAction(t, id, params);
  expect([p.status, p.body.error]).toEqual([200, undefined]);
  const r = await runAction(t, id, p.body.params, p.body.destructive ? p.body.confirm : undefined);
  expect([r.status, r.body.error]).toEqual([200, undefined]);
  return { preview: p.body, result: r.body };
}

export const statusOf = async (t: PurgeTarget, decisionId: string) => (await t.call('GET', `/api/governance/decisions/${decisionId}`)).body;

/** Polls a purge preview until it sees `count` jobs (Postgres + Redis: submissions reach the queue through the outbox). */
export async function waitUntilWaiting(t: PurgeTarget, params: object, count: number): Promise<void> {
  await expect.poll(async () => (await previewAction(t, 'purge-queued-jobs', params)).body.touches?.counts.jobs, { timeout: 20_000, interval: 20 }).toBe(count);
}

export async function allJudged(t: PurgeTarget, decisionIds: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const statuses = await Promise.all(decisionIds.map(async (id) => (await statusOf(t, id)).status as string));
      return statuses.filter((s) => s !== 'approved').length;
    }, { timeout: 30_000, interval: 50 })
    .toBe(0);
}

export const purgedFile = (t: PurgeTarget, name: string) => path.join(t.dataDir, 'purged', name);

/** Submits from one client without pause until stopped; each answer is tagged with whether the preview had answered. */
export function startSubmitter(t: PurgeTarget, prefix: string) {
  let stopped = false;
  let previewed = false;
  const submitted: { decisionId: string; afterPreview: boolean }[] = [];
  const running = (async () => {
    for (let i = 0; !stopped; i += 1) {
      const sentAfterPreview = previewed;
      submitted.push({ decisionId: await submitPayment(t, `${prefix}-${i}`), afterPreview: sentAfterPreview });
      await sleep(5);
    }
  })();
  return {
    submitted,
    previewAnswered: () => (previewed = true),
    async stop() {
      stopped = true;
      await running;
      return submitted;
    },
  };
}

/** A file in the purge folder with this name and these bytes (a hostile or damaged one, for the refusal tests). */
export function plant(t: PurgeTarget, name: string, content: string | Buffer): string {
  const file = purgedFile(t, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

export function readLines(file: string): Record<string, unknown>[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}
