import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';

async function openReview(url: string): Promise<{ page: Page; close(): Promise<void> }> {
  const opened = await openPage(url);
  await opened.page.getByRole('navigation', { name: 'Screens' }).waitFor();
  await opened.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Review/ }).click();
  await opened.page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).waitFor();
  return opened;
}

const selectedId = (page: Page) => page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).getAttribute('data-decision');

/** Whether the selected row lies wholly inside the list's visible area and the window. */
async function cursorInView(page: Page): Promise<boolean> {
  const row = await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).boundingBox();
  const list = await page.getByRole('listbox', { name: 'Decisions to review' }).boundingBox();
  const viewport = page.viewportSize();
  if (!row || !list || !viewport) return false;
  return row.y >= list.y - 1 && row.y + row.height <= list.y + list.height + 1 && row.y + row.height <= viewport.height;
}

describeInBrowser('review queue from the keyboard', (engine) => {
  it('keeps the cursor on screen after 40 presses of j; Enter opens the decision and Esc comes back to the same row', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const first = await selectedId(page);
    for (let i = 0; i < 40; i += 1) await page.keyboard.press('j');
    await expect.poll(() => selectedId(page)).not.toBe(first);
    const fortieth = await selectedId(page);
    expect(await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option').nth(40).getAttribute('data-decision')).toBe(fortieth);
    expect(await cursorInView(page)).toBe(true);
    await shot(page, 'review-cursor-after-40j');

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: fortieth as string }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('listbox', { name: 'Decisions to review' }).waitFor();
    await expect.poll(() => selectedId(page)).toBe(fortieth);
    await expect.poll(() => cursorInView(page)).toBe(true);
    await close();
  });

  it('g then a letter jumps between screens, and the letter after g does not act on the review item', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const before = await selectedId(page);
    const waiting = (await engine().get('/api/decisions?status=needs_review&limit=500')).items.length as number;
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.getByRole('heading', { name: 'Decisions' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/decisions');
    await page.keyboard.press('g');
    await page.keyboard.press('b');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/blocked');
    await page.keyboard.press('g');
    await page.keyboard.press('r');
    await page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).waitFor();
    expect(await selectedId(page)).toBe(before);
    // `r` after `g` navigated; it did not open the reject dialog or decide anything.
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await engine().get('/api/decisions?status=needs_review&limit=500')).items.length).toBe(waiting);
    await close();
  });

  it('undoes the last verdict with u: the decision is back in review and the trail has both events', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const id = (await selectedId(page)) as string;
    await page.keyboard.press('a');
    await expect.poll(() => selectedId(page)).not.toBe(id);
    await expect.poll(async () => (await engine().get(`/api/governance/decisions/${id}`)).status).toBe('approved');
    await page.getByRole('status').filter({ hasText: 'Approved 1 decision(s).' }).getByRole('button', { name: 'Undo (u)' }).waitFor();
    await page.keyboard.press('u');
    await expect.poll(async () => (await engine().get(`/api/governance/decisions/${id}`)).status).toBe('needs_review');
    await expect.poll(() => page.locator(`[data-decision="${id}"]`).count()).toBe(1);
    await expect.poll(() => selectedId(page)).toBe(id);
    const decision = await engine().get(`/api/governance/decisions/${id}`);
    const trace = await engine().get(`/api/governance/tasks/${decision.task_id}/decision-trace?limit=200`);
    const events = (trace.items as { event_type: string; decision_id: string }[]).filter((e) => e.decision_id === id).map((e) => e.event_type);
    expect(events.slice(-2)).toEqual(['REVIEW_APPROVED', 'REVIEW_UNDONE']);
    await close();
  });

  it('the navigation shows how many decisions wait for review, the same number the review screen lists', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const waiting = (await engine().get('/api/attention')).review.count as number;
    expect(waiting).toBeGreaterThan(40);
    const link = page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review', exact: true });
    await expect.poll(() => link.locator('.nav-count').textContent()).toBe(String(waiting));
    expect(await link.getAttribute('title')).toBe(`${waiting} decision(s) wait for review`);
    await expect.poll(() => page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option').count()).toBe(waiting);
    await close();
  });

  it('Back from a decision restores the decisions list where it was scrolled', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Decisions' }).click();
    const table = page.getByRole('table', { name: 'Decisions' });
    await page.locator('[data-row]').first().waitFor();
    await table.evaluate((el) => el.scrollTo(0, 2_000));
    await expect.poll(() => table.evaluate((el) => el.scrollTop)).toBe(2_000);
    // A row inside the scrolled viewport (2,000 px / 34 px rows ≈ row 59): clicking it must not scroll the list.
    const row = page.locator('[data-row="62"]');
    const id = (await row.locator('.mono').textContent()) as string;
    await row.click();
    await page.getByRole('heading', { name: id }).waitFor();
    await page.goBack();
    await page.locator('[data-row]').first().waitFor();
    await expect.poll(() => table.evaluate((el) => el.scrollTop)).toBe(2_000);
    await close();
  });
});
