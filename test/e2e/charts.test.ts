import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, openScreen, shot, type E2eEngine } from './fixtures/browser';

const CHARTS = ['Throughput (per second)', 'Decision lag p95', 'Waiting for people', 'Queue and breakers'];
const HOUR = 3_600_000;

async function post(e: E2eEngine, path: string, body: unknown): Promise<void> {
  const r = await fetch(`${e.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${e.adminKey}` }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
}

/** Each chart's x range as the chart reports it (ms since epoch). */
async function xRanges(page: Page): Promise<[number, number][]> {
  return Promise.all(CHARTS.map(async (name) => {
    const figure = page.getByRole('figure', { name });
    return [Number(await figure.getAttribute('data-x-min')), Number(await figure.getAttribute('data-x-max'))] as [number, number];
  }));
}

const plotOf = (page: Page, name: string): Locator => page.getByRole('figure', { name }).locator('.u-over');

/** Where each chart's crosshair stands, as a share of its plot's width (null when it is hidden). */
async function crosshairs(page: Page): Promise<(number | null)[]> {
  return Promise.all(CHARTS.map(async (name) => {
    const figure = page.getByRole('figure', { name });
    const over = await figure.locator('.u-over').boundingBox();
    const cursor = await figure.locator('.u-cursor-x').boundingBox();
    if (!over || !cursor || cursor.x < over.x - 1) return null;
    return (cursor.x - over.x) / over.width;
  }));
}

describeInBrowser('charts on the timeline in Chromium', (engine) => {
  it('zooms every chart to the dragged window, shares the crosshair, labels the markers and resets on double-click', async () => {
    // Samples every 500 ms: wait for a few seconds of them, with a queue pause and resume in the middle as markers.
    await new Promise((r) => setTimeout(r, 2_500));
    await post(engine(), '/api/queue/pause', { reason: 'charts e2e' });
    await new Promise((r) => setTimeout(r, 1_500));
    await post(engine(), '/api/queue/resume', { reason: 'charts e2e' });
    await new Promise((r) => setTimeout(r, 2_500));
    const paused = ((await engine().get('/api/timeline?kinds=queue')).items as Array<{ at: string; summary: string; event_type: string }>)
      .find((i) => i.event_type === 'QUEUE_PAUSED');
    expect(paused).toBeDefined();

    const { page, close } = await openScreen(engine(), 'Timeline');
    for (const name of CHARTS) await page.getByRole('figure', { name }).locator('canvas').waitFor();

    // The x range fits the few seconds of data instead of the hour asked for, the same on every chart.
    await expect.poll(async () => new Set((await xRanges(page)).map((r) => r.join())).size).toBe(1);
    const [full] = (await xRanges(page)) as [[number, number]];
    expect(full[1] - full[0]).toBeGreaterThan(3_000);
    expect(full[1] - full[0]).toBeLessThan(HOUR / 2);

    // The time axis says UTC, and off the chart the legend shows the window, not "--".
    const legend = page.getByRole('figure', { name: 'Decision lag p95' }).locator('.u-legend');
    expect(await legend.textContent()).toContain('Time (UTC)');
    expect(await legend.locator('.u-series').first().textContent()).toMatch(/\d\d:\d\d:\d\d–\d\d:\d\d:\d\d/);
    expect(await legend.locator('.u-series').first().textContent()).not.toContain('--');

    // Hovering one chart moves the crosshair on the others to the same time.
    const lag = await plotOf(page, 'Decision lag p95').boundingBox();
    if (!lag) throw new Error('no plot');
    await page.mouse.move(lag.x + lag.width * 0.4, lag.y + lag.height / 2);
    await expect.poll(async () => (await crosshairs(page)).every((c) => c !== null && Math.abs(c - 0.4) < 0.02)).toBe(true);

    // Hovering a marker line shows its label and time as text.
    const pausedAt = Date.parse(paused?.at as string);
    const queue = await plotOf(page, 'Queue and breakers').boundingBox();
    if (!queue) throw new Error('no plot');
    const [qMin, qMax] = (await xRanges(page))[3] as [number, number];
    await page.mouse.move(queue.x + ((pausedAt - qMin) / (qMax - qMin)) * queue.width, queue.y + queue.height / 2);
    const tip = page.getByRole('figure', { name: 'Queue and breakers' }).getByRole('tooltip');
    await expect.poll(() => tip.textContent()).toContain(paused?.summary as string);
    expect(await tip.textContent()).toContain(`${new Date(pausedAt).toISOString().slice(11, 19)} UTC`);

    // A drag across one chart zooms all four to the same narrower window, which goes into the URL.
    const throughput = await plotOf(page, 'Throughput (per second)').boundingBox();
    if (!throughput) throw new Error('no plot');
    const y = throughput.y + throughput.height / 2;
    await page.mouse.move(throughput.x + throughput.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(throughput.x + throughput.width * 0.6, y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBeNull();
    await expect.poll(async () => new Set((await xRanges(page)).map((r) => r.join())).size).toBe(1);
    const [zoomed] = (await xRanges(page)) as [[number, number]];
    expect(zoomed[0]).toBeGreaterThan(full[0]);
    expect(zoomed[1]).toBeLessThan(full[1]);
    expect(zoomed[0]).toBe(Date.parse(new URL(page.url()).searchParams.get('from') as string));
    await page.getByRole('button', { name: 'Reset zoom' }).waitFor();
    await page.mouse.move(0, 0);
    await shot(page, 'timeline-zoomed');

    // The dark theme rebuilds the charts in its colours and keeps the zoom.
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await expect.poll(async () => (await xRanges(page)).every((r) => r[0] === zoomed[0] && r[1] === zoomed[1])).toBe(true);
    await shot(page, 'timeline-zoomed-dark');

    // A double-click resets every chart and the URL.
    await plotOf(page, 'Waiting for people').dblclick();
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBeNull();
    await expect.poll(async () => (await xRanges(page)).every((r) => r[1] - r[0] > zoomed[1] - zoomed[0] && r[0] <= full[0])).toBe(true);
    expect(await page.getByRole('button', { name: 'Reset zoom' }).count()).toBe(0);
    await close();
  }, 60_000);
}, () => ({ sampleIntervalMs: 500 }));
