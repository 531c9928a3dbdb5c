import { expect, it } from 'vitest';
import { describeInBrowser, openScreen, shot } from './fixtures/browser';

describeInBrowser('the mute banner in Chromium', (engine) => {
  const post = async (path: string, body: object) => {
    const r = await fetch(`${engine().url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };

  it('shows on every screen while notifications are muted, with who and why, and Unmute lifts it through the action dialog', async () => {
    await post('/api/runbook/actions/mute-notifications/run', { params: { minutes: 30 }, reason: 'e2e: planned failover' });
    const { page, close } = await openScreen(engine(), 'Overview');
    const banner = page.locator('.mute-banner');
    for (const screen of ['Overview', 'Decisions', 'Alerts', 'Runbook']) {
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: screen, exact: true }).click();
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Notifications muted until');
      expect(await banner.textContent()).toContain('e2e: planned failover');
    }
    await shot(page, 'mute-banner');

    await banner.getByRole('button', { name: 'Unmute' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('region', { name: 'Preview' }).waitFor();
    await dialog.getByLabel('Reason (required)').fill('e2e: failover done');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await dialog.getByRole('status').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0);
    await close();
  }, 60_000);
});
