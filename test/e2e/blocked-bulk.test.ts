import { expect, it } from 'vitest';
import { describeInBrowser, openScreen, shot } from './fixtures/browser';

interface ReasonCount {
  reason_code: string | null;
  count: number;
}

describeInBrowser('blocked tasks in Chromium: the chart and the table count the same tasks, and bulk unblock', (engine) => {
  it("filters the table to exactly the clicked bar's number of tasks, for every bar", async () => {
    const { page, close } = await openScreen(engine(), 'Blocked');
    const chart = page.getByRole('list', { name: 'Tasks blocked now per reason code' });
    await chart.getByRole('listitem').first().waitFor();
    const stats = await engine().get('/api/governance/stats/blocked-tasks?top_n=100');
    const bars = (stats.reasons as ReasonCount[]).filter((r) => r.reason_code !== null);
    expect(await chart.getByRole('listitem').count()).toBe(bars.length);
    const rows = page.getByRole('table', { name: 'Blocked tasks' }).locator('tbody tr');

    for (const bar of bars) {
      const button = chart.getByRole('listitem').filter({ hasText: bar.reason_code as string });
      expect(await button.locator('.bar-value').textContent()).toBe(String(bar.count));
      await button.click();
      await expect.poll(() => new URL(page.url()).searchParams.get('reason')).toBe(bar.reason_code);
      await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(bar.count);
      const reasonsShown = await rows.locator('td:nth-child(4)').allTextContents();
      expect(new Set(reasonsShown)).toEqual(new Set([bar.reason_code]));
    }
    await shot(page, 'blocked-bulk-filtered');
    await close();
  });

  it('selects all tasks of a reason, unblocks them with one reason, and they leave the table', async () => {
    const { page, close } = await openScreen(engine(), 'Blocked');
    const stats = await engine().get('/api/governance/stats/blocked-tasks?top_n=100');
    const top = (stats.reasons as ReasonCount[]).find((r) => r.reason_code !== null && r.count > 1) as ReasonCount;
    expect(top).toBeDefined();
    const reason = top.reason_code as string;
    const listed = await engine().get(`/api/governance/tasks?status=BLOCKED&reason_code=${reason}&limit=500`);
    const ids = (listed.items as { task_id: string }[]).map((t) => t.task_id);

    await page.getByRole('list', { name: 'Tasks blocked now per reason code' }).getByRole('listitem').filter({ hasText: reason }).click();
    const rows = page.getByRole('table', { name: 'Blocked tasks' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(top.count);

    await page.getByRole('button', { name: `Select all ${top.count} matching` }).click();
    const selection = page.getByLabel('Selection');
    await expect.poll(() => selection.textContent()).toContain(`${top.count} of ${top.count} selected`);
    expect(await page.getByRole('checkbox', { name: 'Select every task shown' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: `Unblock ${top.count} selected…` }).click();

    const dialog = page.getByRole('dialog', { name: `Unblock ${top.count} tasks?` });
    await expect.poll(() => dialog.getByRole('button', { name: `Unblock ${top.count} tasks` }).isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('batch verified with the vendor');
    await shot(page, 'blocked-bulk-confirm');
    await dialog.getByRole('button', { name: `Unblock ${top.count} tasks` }).click();

    await page.getByRole('status').filter({ hasText: `${top.count} tasks unblocked.` }).waitFor();
    await expect.poll(() => rows.count()).toBe(0);
    await shot(page, 'blocked-bulk');

    for (const id of ids) {
      const trace = await engine().get(`/api/governance/tasks/${id}/decision-trace?limit=200`);
      expect(trace.items.at(-1)).toMatchObject({ event_type: 'MANUAL_UNBLOCK', actor: 'e2e-analyst', payload: { reason: 'batch verified with the vendor' } });
    }
    const after = await engine().get('/api/governance/stats/blocked-tasks?top_n=100');
    expect((after.reasons as ReasonCount[]).map((r) => r.reason_code)).not.toContain(reason);
    expect(after.blocked_tasks).toBe(stats.blocked_tasks - top.count);

    // The toast links to the audit trail: the unblocks on the timeline.
    await page.getByRole('link', { name: 'See the MANUAL_UNBLOCK events on the timeline' }).click();
    await expect.poll(() => `${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe('/timeline?kinds=unblock');
    await expect.poll(() => page.textContent('body')).toContain(`unblocked task ${ids[0]}`);
    await close();
  });
});
