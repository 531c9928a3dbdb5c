import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';

describeInBrowser('workstation in Chromium: overview, decisions, trace replay', (engine) => {
  it('signs in with the one-time link and shows the real queue and decision figures on the overview', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByText('Judged in the last hour').waitFor();
    const judged = page.locator('.card', { hasText: 'Judged in the last hour' }).locator('.value');
    await expect.poll(() => judged.textContent()).toBe('520');
    await expect.poll(() => page.locator('.card', { hasText: 'Queue depth' }).locator('.value').textContent()).toBe('0');
    expect(page.url()).not.toContain('login=');
    await shot(page, 'overview');

    await page.getByRole('button', { name: 'Toggle theme' }).click();
    const theme = () => page.locator('html').getAttribute('data-theme');
    const first = await theme();
    expect(['light', 'dark']).toContain(first);
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(theme).not.toBe(first);
    if ((await theme()) !== 'dark') await page.getByRole('button', { name: 'Toggle theme' }).click();
    await shot(page, 'overview-dark');
    await close();
  });

  it('filters the decisions list by status, with the filter in the URL', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('link', { name: 'Decisions' }).click();
    await page.locator('[data-row]').first().waitFor();
    await page.getByLabel('Status').selectOption('blocked');
    await expect.poll(() => page.url()).toContain('status=blocked');
    await expect.poll(async () => {
      const statuses = await page.locator('[data-row] .badge').allTextContents();
      return statuses.length > 0 && statuses.every((s) => s === 'blocked');
    }).toBe(true);
    await shot(page, 'decisions-blocked');
    await close();
  });

  it('steps through a trace with the arrow keys and highlights what changed', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor(); // signed in: the session key is stored
    await page.goto(`${engine().url}/tasks/demo-agent-session-1`);
    await page.getByText('SUPERVISOR_APPROVED').first().waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('option', { selected: true }).textContent()).toContain('SIGNALS_COMPUTED');
    await expect.poll(() => page.locator('[data-change="added"]').count()).toBeGreaterThan(0);
    await shot(page, 'trace-replay');
    await close();
  });

  it('renders a script payload from decision inputs as inert text', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.goto(`${engine().url}/tasks/demo-agent-session-1`);
    await page.getByText('SUPERVISOR_APPROVED').first().waitFor();
    // The third call of this session carries <img src=x onerror=alert(1)> in its arguments.
    for (let i = 0; i < 10; i += 1) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByLabel('Step detail').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.getByLabel('Raw JSON').check();
    await expect.poll(() => page.locator('pre.raw').textContent()).toContain('onerror=alert(1)');
    expect(dialogs).toBe(0);
    await shot(page, 'xss-inert');
    await close();
  });
});
