import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';

async function openReview(url: string): Promise<{ page: Page; close(): Promise<void> }> {
  const opened = await openPage(url);
  await opened.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review', exact: true }).click();
  await opened.page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).waitFor();
  return opened;
}

const selectedId = (page: Page) => page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true }).getAttribute('data-decision');

describeInBrowser('review with context', (engine) => {
  it('the review pane links to the decision and its task and shows amount, risk and every finding in full', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const id = (await selectedId(page)) as string;
    const d = await engine().get(`/api/governance/decisions/${id}`);
    const pane = page.getByLabel('Decision under review');
    await expect.poll(() => pane.getByRole('link', { name: id }).getAttribute('href')).toBe(`/decisions/${id}`);
    expect(await pane.getByRole('link', { name: d.task_id }).getAttribute('href')).toBe(`/tasks/${encodeURIComponent(d.task_id)}`);
    expect(await pane.textContent()).toContain(`Risk${d.risk_score ?? '—'}`);
    for (const f of d.findings as Array<{ code: string; message: string }>) {
      expect(await pane.getByLabel('Findings').textContent()).toContain(f.message);
    }
    await shot(page, 'review-pane');
    await close();
  });

  it('selects every decision with one finding, confirms the count, and approves them all', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const form = page.getByRole('form', { name: 'Select by finding' });
    const options = await form.getByLabel('Finding').locator('option').allTextContents();
    const [code, count] = /^(\S+) \((\d+)\)$/.exec(options[0] as string)!.slice(1) as [string, string];
    const listed = ((await engine().get('/api/decisions?status=needs_review&limit=500')).items as Array<{ decision_id: string; findings: { code: string }[] }>)
      .filter((d) => d.findings.some((f) => f.code === code));
    expect(Number(count)).toBe(listed.length);
    await form.getByRole('button', { name: `Select all ${count}` }).click();
    await expect.poll(() => page.locator('[role="option"] input:checked').count()).toBe(Number(count));
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog', { name: `Approve ${count} decisions?` });
    await dialog.waitFor();
    await shot(page, 'review-bulk-confirm');
    await dialog.getByRole('button', { name: `Approve ${count}` }).click();
    for (const d of listed) await expect.poll(async () => (await engine().get(`/api/governance/decisions/${d.decision_id}`)).status).toBe('approved');
    await close();
  });

  it('a claim is seen by a second analyst, who cannot decide the claimed item', async () => {
    const ana = await openReview(engine().loginUrl());
    const id = (await selectedId(ana.page)) as string;
    await ana.page.keyboard.press('c');
    await ana.page.getByLabel('Decision under review').getByText('You hold it until').waitFor();

    const ben = await openReview(await engine().loginUrlWith('ben', ['read', 'review']));
    const row = ben.page.locator(`[data-decision="${id}"]`);
    await expect.poll(() => row.locator('.badge.claim').textContent()).toBe('e2e-analyst');
    await row.click();
    await ben.page.getByLabel('Decision under review').getByText('Held by e2e-analyst until').waitFor();
    await shot(ben.page, 'review-claimed-by-other');
    await ben.page.keyboard.press('a');
    await ben.page.getByRole('alert').filter({ hasText: 'claimed by e2e-analyst' }).waitFor();
    expect((await engine().get(`/api/governance/decisions/${id}`)).status).toBe('needs_review');
    await expect.poll(() => row.count()).toBe(1);
    await ben.close();
    await ana.close();
  });

  it('a needs_review decision\'s own page has Approve and Reject', async () => {
    const id = ((await engine().get('/api/decisions?status=needs_review&limit=1')).items as Array<{ decision_id: string }>)[0]?.decision_id as string;
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.goto(`${engine().url}/decisions/${id}`);
    await page.getByRole('heading', { name: id }).waitFor();
    await page.getByRole('button', { name: 'Reject' }).waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog', { name: 'Approve this decision?' }).getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await engine().get(`/api/governance/decisions/${id}`)).status).toBe('approved');
    await expect.poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await close();
  });

  it('the split between the list and the decision moves with the keyboard or a drag, and is remembered', async () => {
    const { page, close } = await openReview(engine().loginUrl());
    const divider = page.getByRole('separator', { name: 'Resize the list and the decision' });
    const list = page.getByRole('listbox', { name: 'Decisions to review' });
    const before = (await list.boundingBox())?.width as number;
    const start = Number(await divider.getAttribute('aria-valuenow'));
    await divider.focus();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await divider.getAttribute('aria-valuenow'))).toBe(start + 10);
    expect((await list.boundingBox())?.width).toBeGreaterThan(before + 50);
    const box = (await divider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x - 200, box.y + 40, { steps: 5 });
    await page.mouse.up();
    const dragged = Number(await divider.getAttribute('aria-valuenow'));
    expect(dragged).toBeLessThan(start + 10);
    await page.reload();
    await expect.poll(async () => Number(await page.getByRole('separator', { name: 'Resize the list and the decision' }).getAttribute('aria-valuenow'))).toBe(dragged);
    await close();
  });
});
