import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';

describeInBrowser('review queue in Chromium', (engine) => {
  it('triages three decisions by keyboard; the verdicts and the reviewer are in the audit trail', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.getByRole('link', { name: 'Review' }).click();
    const currentId = () => page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).getAttribute('data-decision');
    await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).waitFor();
    await shot(page, 'review-queue');

    const approved1 = await currentId();
    await page.keyboard.press('a');
    await expect.poll(currentId).not.toBe(approved1);
    const approved2 = await currentId();
    await page.keyboard.press('a');
    await expect.poll(currentId).not.toBe(approved2);
    const rejected = await currentId();
    await page.keyboard.press('r');
    await page.getByLabel('Note (required)').fill('card testing pattern');
    await page.keyboard.press('Enter');
    await expect.poll(currentId).not.toBe(rejected);

    for (const [id, status, event] of [[approved1, 'approved', 'REVIEW_APPROVED'], [approved2, 'approved', 'REVIEW_APPROVED'], [rejected, 'blocked', 'REVIEW_REJECTED']] as const) {
      await expect.poll(async () => (await engine().get(`/api/governance/decisions/${id}`)).status).toBe(status);
      const decision = await engine().get(`/api/governance/decisions/${id}`);
      expect(decision.review.reviewer).toBe('e2e-analyst');
      const trace = await engine().get(`/api/governance/tasks/${decision.task_id}/decision-trace?limit=200`);
      const last = (trace.items as { event_type: string; actor: string; decision_id: string }[]).filter((x) => x.decision_id === id).at(-1);
      expect(last).toMatchObject({ event_type: event, actor: 'e2e-analyst' });
    }
    expect((await engine().get(`/api/governance/decisions/${rejected}`)).review.note).toBe('card testing pattern');

    // The last verdict's toast opens the trace at its REVIEW_REJECTED event.
    await page.getByRole('status').filter({ hasText: 'Rejected 1 decision(s).' }).getByRole('link', { name: 'See the audit event' }).click();
    await expect.poll(() => page.getByRole('option', { selected: true }).textContent()).toContain('REVIEW_REJECTED');
    await close();
  });

  it('shows the keys with ? and rolls back a verdict the server refuses, saying why', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.getByRole('link', { name: 'Review' }).click();
    await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).waitFor();
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    // Decide the current one behind the UI's back: the UI's verdict then fails and the row must come back.
    const id = await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).getAttribute('data-decision');
    await fetch(`${engine().url}/api/governance/decisions/${id}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${engine().adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'approve' }),
    });
    await page.keyboard.press('a');
    await page.getByRole('alert').filter({ hasText: 'only needs_review decisions are reviewed' }).waitFor();
    await expect.poll(() => page.locator(`[data-decision="${id}"]`).count()).toBe(1);
    await close();
  });
});
