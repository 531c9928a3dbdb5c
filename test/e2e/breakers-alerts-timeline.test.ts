import { expect, it } from 'vitest';
import { describeInBrowser, openPage, openScreen, shot } from './fixtures/browser';
import { sanctionsUpstream } from './fixtures/sanctions-upstream';

const sanctions = sanctionsUpstream();

describeInBrowser('breakers, alerts and the timeline in Chromium', (engine) => {
  it('opens a breaker from the UI, then sees it in /api/breakers and on the timeline', async () => {
    const { page, close } = await openScreen(engine(), 'Breakers');
    const card = page.getByRole('region', { name: 'Breaker sanctions' });
    await expect.poll(() => card.locator('[data-state]').getAttribute('data-state')).toBe('CLOSED');
    await expect.poll(async () => (await engine().get('/api/breakers')).items[0].successes).toBeGreaterThan(0);
    await shot(page, 'breakers');

    await card.getByRole('button', { name: 'Force open' }).click();
    const dialog = page.getByRole('dialog', { name: 'Force open the sanctions breaker?' });
    await dialog.getByLabel('Reason (required)').fill('vendor maintenance window');
    await dialog.getByRole('button', { name: 'Force open' }).click();
    await expect.poll(() => card.locator('[data-state]').getAttribute('data-state')).toBe('OPEN');
    expect((await engine().get('/api/breakers')).items[0]).toMatchObject({ integration: 'sanctions', state: 'OPEN', forced: 'open' });

    await page.getByRole('link', { name: 'See it on the timeline' }).click();
    const events = page.getByRole('list', { name: 'Events' });
    await events.locator('[data-event="BREAKER_ACTION"]').waitFor();
    expect(await events.locator('[data-event="BREAKER_ACTION"]').textContent()).toContain('e2e-analyst ran force-open on breaker sanctions: vendor maintenance window');
    expect(await events.locator('[data-event="BREAKER_TRANSITION"]').first().textContent()).toContain('Breaker sanctions: CLOSED → OPEN');

    // Each event links to its object: the breaker's card, marked.
    await events.locator('[data-event="BREAKER_ACTION"]').getByRole('link', { name: 'sanctions' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/breakers');
    await expect.poll(() => page.getByRole('region', { name: 'Breaker sanctions' }).getAttribute('class')).toContain('focused');
    await close();
  });

  it('shows the local admin the integration URL; a workspace admin without the system scope sees why there are no actions, then logs out', async () => {
    const admin = await openScreen(engine(), 'Breakers');
    await expect.poll(() => admin.page.getByRole('region', { name: 'Breaker sanctions' }).textContent()).toContain(sanctions.url());
    await admin.close();

    const { page, close } = await openPage(await engine().loginUrlWith('workspace-admin', ['admin']));
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Breakers', exact: true }).click();
    const card = page.getByRole('region', { name: 'Breaker sanctions' });
    await card.waitFor();
    expect(await card.textContent()).toContain("needs a key with the 'system' scope");
    expect(await card.getByRole('button', { name: 'Force open' }).count()).toBe(0);
    expect(await card.textContent()).not.toContain(sanctions.url());

    // The session is an HttpOnly cookie: the page cannot read it, the browser context can.
    expect(await page.evaluate('document.cookie')).toBe('');
    const sessionKey = (await page.context().cookies()).find((c) => c.name === 'decisionos_session')?.value as string;
    expect((await fetch(`${engine().url}/api/session`, { headers: { authorization: `Bearer ${sessionKey}` } })).status).toBe(200);
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(async () => (await fetch(`${engine().url}/api/session`, { headers: { authorization: `Bearer ${sessionKey}` } })).status).toBe(401);
    await close();
  });

  it('silences the firing alert and sees it leave the active list', async () => {
    // The breaker opened above: breaker-open fires at the next sample (every 500 ms here).
    await expect.poll(async () => (await engine().get('/api/alerts/active') as unknown as unknown[]).length, { timeout: 10_000 }).toBe(1);
    const { page, close } = await openScreen(engine(), 'Alerts');
    const firing = page.getByRole('table', { name: 'Firing alerts' });
    await firing.locator('[data-rule="breaker-open"]').waitFor();
    await shot(page, 'alerts');

    await page.getByRole('button', { name: 'Silence breaker-open' }).click();
    const dialog = page.getByRole('dialog', { name: 'New silence' });
    expect(await dialog.getByLabel('Matcher 1 value').inputValue()).toBe('breaker-open');
    await dialog.getByLabel('Comment (required)').fill('known vendor maintenance');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await expect.poll(() => firing.locator('[data-rule="breaker-open"]').count()).toBe(0);
    expect(await engine().get('/api/alerts/active')).toEqual([]);
    expect(await engine().get('/api/alerts/active?include_silenced=true')).toHaveLength(1);
    await expect.poll(() => page.getByRole('region', { name: 'Silences' }).textContent()).toContain('alertname=breaker-open');
    await close();
  });

  it('shows a tiered rule\'s two tiers, a rule the server refuses with its reason, and the charts with the events marked', async () => {
    const { page, close } = await openScreen(engine(), 'Alerts');
    const tiered = page.getByRole('table', { name: 'Alert rules' }).locator('[data-rule="blocked-tasks-high"]');
    await tiered.waitFor();
    expect(await tiered.textContent()).toContain('blocked_tasks: warning > 10 for 10 m, critical > 50 for 10 m');
    await page.getByRole('button', { name: 'New rule' }).click();
    const editor = page.getByLabel('Rule JSON');
    const rule = JSON.parse(await editor.inputValue());
    await editor.fill(JSON.stringify({ ...rule, metric: 'cpu_load' }));
    await page.getByLabel('Reason (required)').fill('try a bad metric');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => page.getByRole('alert', { name: 'Rule rejected' }).textContent()).toContain('rule.metric');

    await page.getByRole('link', { name: 'Timeline', exact: true }).click();
    await page.getByRole('figure', { name: 'Queue and breakers' }).locator('canvas').waitFor();
    await page.getByRole('list', { name: 'Events' }).locator('[data-event="ALERT_SILENCED"]').waitFor();
    await shot(page, 'timeline');
    await close();
  });
}, () => ({
  sampleIntervalMs: 500,
  integrations: [sanctions.integration()],
}));
