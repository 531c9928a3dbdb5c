import { expect, it } from 'vitest';
import { SignalEngine, type SignalRequest } from '../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { describeInBrowser, openScreen, shot } from './fixtures/browser';
import { samplePayment } from '../fixtures/engine';

/** Real signals, except for the poisoned customer while `poisoned` holds: its decision fails its one attempt. */
const real = new SignalEngine({ allowedActions: ['gmail.send'] }, createMemorySignalHistory());
let poisoned = true;
const signals = {
  compute(request: SignalRequest) {
    if (poisoned && JSON.stringify(request).includes('poisoned-customer')) throw new Error('reputation service is down');
    return real.compute(request);
  },
};

describeInBrowser(
  'the Dead letters screen in Chromium',
  (engine) => {
    it('shows the per-state counts and the dead letter, retries it through the confirmation, and its decision is judged', async () => {
      const r = await fetch(`${engine().url}/api/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` },
        body: JSON.stringify({ ...samplePayment({ customer_id: 'poisoned-customer' }), task_id: 'dead-letter-e2e' }),
      });
      expect(r.status).toBe(202);
      const decisionId = ((await r.json()) as { decision_id: string }).decision_id;
      await expect.poll(async () => (await engine().get('/api/queue/dead')).items.map((j: { decision_id: string }) => j.decision_id), { timeout: 10_000 }).toContain(decisionId);
      const job = ((await engine().get('/api/queue/dead')).items as { job_id: string; decision_id: string }[]).find((j) => j.decision_id === decisionId) as { job_id: string };

      const { page, close } = await openScreen(engine(), 'Dead letters');
      const counts = page.getByRole('region', { name: 'Jobs per state' });
      await expect.poll(() => counts.locator('[data-state="dead"] .value').textContent()).toBe('1');
      for (const state of ['ready', 'delayed', 'leased']) expect(await counts.locator(`[data-state="${state}"] .value`).textContent()).toBe('0');
      const row = page.locator(`tr[data-job="${job.job_id}"]`);
      expect(await row.textContent()).toContain('reputation service is down');
      await row.getByRole('checkbox').check();
      await shot(page, 'dead-letters-selected');

      // Every registered dead-letter action that takes job ids gets a button, from listActions.
      const buttons = await page.getByRole('group', { name: 'Dead-letter actions' }).getByRole('button').allTextContents();
      expect(buttons).toEqual(['Retry dead letters: 1 selected', 'Discard dead letters: 1 selected']);

      poisoned = false; // the vendor is back
      await page.getByRole('group', { name: 'Dead-letter actions' }).getByRole('button', { name: 'Retry dead letters: 1 selected' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retry dead letters' });
      await dialog.getByRole('list', { name: 'Ids it touches' }).waitFor();
      expect(await dialog.getByRole('list', { name: 'Ids it touches' }).textContent()).toBe(job.job_id);
      await dialog.getByLabel('Reason (required)').fill('e2e: the vendor is back');
      expect(await dialog.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true); // destructive: the count must be typed
      await dialog.getByLabel('Confirmation').fill('1');
      await dialog.getByRole('button', { name: 'Run' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent()).toContain('1 dead-lettered job(s) back on the queue');
      await dialog.getByRole('button', { name: 'Close' }).click();

      await expect.poll(() => row.count()).toBe(0);
      await expect.poll(async () => (await engine().get(`/api/governance/decisions/${decisionId}`)).status, { timeout: 10_000 }).toBe('approved');
      await shot(page, 'dead-letters-empty');
      await close();
    }, 60_000);
  },
  () => ({ maxAttempts: 1 }),
  () => ({ signals }),
);
