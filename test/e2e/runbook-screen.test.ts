import { expect, it } from 'vitest';
import { describeInBrowser, openPage, openScreen, shot } from './fixtures/browser';
import { samplePayment } from '../fixtures/engine';

describeInBrowser('the Runbook screen in Chromium', (engine) => {
  const post = async (path: string, body: object) => {
    const r = await fetch(`${engine().url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` }, body: JSON.stringify(body) });
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };

  it('with the worker paused, the checks of "Decisions stuck in processing" fail; resume-worker from the screen makes them pass and is on the timeline', async () => {
    await post('/api/runbook/actions/pause-worker/run', { params: {}, reason: 'e2e: make decisions wait' });
    await post('/api/decisions', { ...samplePayment({ customer_id: 'runbook-e2e' }), task_id: 'runbook-e2e-1' });
    expect((await engine().get('/api/queue')).ready).toBeGreaterThan(0);

    // The Overview names the incidents whose checks fail, and links to them on the Runbook screen.
    const { page, close } = await openScreen(engine(), 'Overview');
    const named = page.locator('[data-attention="check-queue-depth"]');
    await named.waitFor();
    expect(await named.textContent()).toContain('Check Queue depth and oldest job age fails: The queue is paused with');
    await shot(page, 'overview-failing-check');
    await named.getByRole('link', { name: 'Decisions stuck in processing' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?incident=decisions-stuck-in-processing');
    const incident = page.getByRole('region', { name: 'Decisions stuck in processing' });
    expect(await incident.textContent()).toContain('You see: a decision keeps answering queued or processing');
    await incident.getByRole('button', { name: 'Run checks' }).click();
    const queueDepth = incident.locator('[data-check="queue-depth"]');
    await expect.poll(() => queueDepth.getAttribute('data-status')).toBe('fail');
    expect(await queueDepth.textContent()).toContain('The queue is paused with');
    expect(await queueDepth.textContent()).toMatch(/paused\s*yes/);
    await shot(page, 'runbook-checks-failing');

    await incident.getByRole('button', { name: 'Resume the worker' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resume the worker' });
    await dialog.getByRole('region', { name: 'Preview' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Run' }).isDisabled()).toBe(true); // no reason yet
    await dialog.getByLabel('Reason (required)').fill('e2e: the maintenance is over');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('The worker claims jobs again.');
    await shot(page, 'runbook-action-done');
    expect((await engine().get('/api/queue')).paused).toBe(false);

    await dialog.getByRole('link', { name: 'See it on the timeline' }).click();
    const marked = page.getByRole('list', { name: 'Events' }).locator('li.focused[data-event="RUNBOOK_ACTION"]');
    await marked.waitFor();
    expect(await marked.textContent()).toContain('e2e-analyst ran resume-worker: e2e: the maintenance is over → The worker claims jobs again.');

    await page.goBack();
    const again = page.getByRole('region', { name: 'Decisions stuck in processing' });
    await again.getByRole('button', { name: 'Run checks' }).click();
    await expect.poll(() => again.locator('[data-check="queue-depth"]').getAttribute('data-status')).toBe('pass');
    await close();
  }, 60_000);

  it('offers every action the key may run in the command palette, through the same confirmation, and the result offers its undo', async () => {
    const { page, close } = await openScreen(engine(), 'Runbook');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('textbox').fill('run action');
    const titles = await palette.getByRole('option').allTextContents();
    const actions = (await engine().get('/api/runbook/actions')).items as { title: string }[];
    for (const a of actions) expect(titles.some((t) => t.startsWith(`Run action: ${a.title}`))).toBe(true);
    await palette.getByRole('textbox').fill('run action pause the worker');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Pause the worker' });
    await dialog.getByRole('region', { name: 'Preview' }).waitFor();
    await dialog.getByLabel('Reason (required)').fill('e2e: from the palette');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toContain('The worker is paused');
    expect((await engine().get('/api/queue')).paused).toBe(true);

    // The result offers its undo, which opens the same flow for resume-worker.
    await dialog.getByRole('button', { name: 'Undo: Resume the worker' }).click();
    const undo = page.getByRole('dialog', { name: 'Resume the worker' });
    await undo.getByRole('region', { name: 'Preview' }).waitFor();
    await undo.getByLabel('Reason (required)').fill('e2e: undo from the result');
    await undo.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => undo.getByRole('status').textContent()).toBe('The worker claims jobs again.');
    expect((await engine().get('/api/queue')).paused).toBe(false);
    await undo.getByRole('button', { name: 'Close' }).click();
    await close();
  });

  it('lets a read-only key run the checks but not the actions: the button says which scope it needs, the palette does not offer it', async () => {
    const { page, close } = await openPage(await engine().loginUrlWith('runbook-reader', ['read']));
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Runbook', exact: true }).click();
    await page.getByRole('navigation', { name: 'Incidents' }).getByRole('link', { name: 'Decisions stuck in processing' }).click();
    const incident = page.getByRole('region', { name: 'Decisions stuck in processing' });
    await incident.getByRole('button', { name: 'Run checks' }).click();
    await incident.getByRole('list', { name: 'Check results' }).waitFor();
    const resume = incident.getByRole('button', { name: 'Resume the worker' });
    expect([await resume.isDisabled(), await resume.getAttribute('title')]).toEqual([true, "needs a key with the 'system' scope"]);
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('textbox').fill('run action');
    const options = page.getByRole('dialog', { name: 'Command palette' }).getByRole('option');
    await options.first().waitFor(); // "Go to Runbook" matches too: the palette has answered
    expect((await options.allTextContents()).filter((t) => t.startsWith('Run action'))).toEqual([]);
    await close();
  });
});
