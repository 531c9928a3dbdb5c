import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';

/** The demo workload's payments ask a sanctions service on loopback, which always answers "no hit". */
const upstream = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hit":false,"score":0.05}'));
let upstreamUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/check`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

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
  integrations: [{ name: 'sanctions', url: upstreamUrl, applies_to: ['payment_fraud_check'], timeout_ms: 1_000, retries: 0, retry_backoff_ms: 0, on_unavailable: 'needs_review',
    breaker: { failure_threshold: 5, min_calls: 10, window_seconds: 60, open_cooldown_seconds: 30, half_open_probe_count: 1 } }],
}));
