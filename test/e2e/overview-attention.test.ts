import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';
import { sanctionsUpstream } from './fixtures/sanctions-upstream';

const sanctions = sanctionsUpstream();

describeInBrowser('overview attention in Chromium', (engine) => {
  it('lists the review backlog with the count /review shows and a forced-open breaker, instead of "Nothing needs attention"', async () => {
    const forced = await fetch(`${engine().url}/api/breakers/sanctions/force-open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` },
      body: JSON.stringify({ reason: 'vendor maintenance window' }),
    });
    expect(forced.status).toBe(200);

    const { page, close } = await openPage(engine().loginUrl());
    const review = page.locator('[data-attention="review"]');
    await review.waitFor();
    const overviewCount = Number(/^(\d+) decisions? waits? for review/.exec((await review.textContent()) ?? '')?.[1]);
    expect(overviewCount).toBeGreaterThan(0);
    expect(await review.textContent()).toMatch(/the oldest for \d+ (s|min)/);
    const breaker = page.locator('[data-attention="breaker-sanctions"]');
    await expect.poll(() => breaker.textContent()).toContain('Breaker sanctions is OPEN (forced open by local-admin)');
    expect(await page.getByText('Nothing needs attention').count()).toBe(0);

    const theme = () => page.locator('html').getAttribute('data-theme');
    if ((await theme()) !== 'light') await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(theme).toBe('light');
    await shot(page, 'overview-attention');
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(theme).toBe('dark');
    await shot(page, 'overview-attention-dark');

    await review.getByRole('link', { name: 'Look' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/review');
    await expect.poll(() => page.getByText(/\d+ waiting/).textContent()).toContain(`${overviewCount} waiting`);
    await close();
  });
}, () => ({
  integrations: [sanctions.integration()],
}));
