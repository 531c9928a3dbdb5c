import { expect, it } from 'vitest';
import { describeInBrowser, openScreen, shot, type E2eEngine } from './fixtures/browser';
import { sanctionsUpstream } from './fixtures/sanctions-upstream';

const sanctions = sanctionsUpstream();

async function post(e: E2eEngine, path: string, body: object): Promise<{ status: number; body: { id: string } }> {
  const r = await fetch(`${e.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${e.adminKey}` }, body: JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { id: string } };
}

const utcField = (ms: number) => new Date(ms).toISOString().slice(0, 16);

describeInBrowser('silences and policies in Chromium', (engine) => {
  it('schedules a silence for a future window in the dialog and lists it as pending with its start', async () => {
    const { page, close } = await openScreen(engine(), 'Alerts');
    await page.getByRole('region', { name: 'Silences' }).getByRole('button', { name: 'New silence' }).click();
    const dialog = page.getByRole('dialog', { name: 'New silence' });
    await dialog.getByLabel('Matcher 1 value').fill('queue-.*');
    await dialog.getByLabel('Matcher 1 operator').selectOption('=~');
    await dialog.getByRole('button', { name: 'Add matcher' }).click();
    await dialog.getByLabel('Matcher 2 value').fill('warning');
    const start = Date.now() + 26 * 3_600_000;
    await dialog.getByLabel('Starts').fill(utcField(start));
    // One tab stop per time: Tab from Starts lands in Ends (datetime-local had one stop per part).
    await page.keyboard.press('Tab');
    expect(await dialog.getByLabel('Ends').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await dialog.getByLabel('Ends').fill(utcField(start + 2 * 3_600_000));
    await dialog.getByLabel('Comment (required)').fill('database maintenance window');
    await dialog.getByRole('button', { name: 'Create silence' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('table', { name: 'Silences' }).locator('tr[data-state="pending"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('alertname=~queue-.*, severity=warning');
    expect(await row.textContent()).toContain(`${utcField(start).replace('T', ' ')}:00`);
    const stored = (await engine().get('/api/alerts/silences')) as unknown as { state: string; starts_at: string }[];
    expect(stored).toEqual([expect.objectContaining({ state: 'pending', starts_at: new Date(utcField(start) + ':00Z').toISOString() })]);
    await close();
  });

  it('shows a silenced alert greyed with who silenced it until when, then expires the silence with a reason', async () => {
    expect((await post(engine(), '/api/breakers/sanctions/force-open', { reason: 'vendor maintenance' })).status).toBe(200);
    await expect.poll(async () => ((await engine().get('/api/alerts/active')) as unknown as unknown[]).length, { timeout: 10_000 }).toBe(1);
    const until = Date.now() + 3_600_000;
    const silence = await post(engine(), '/api/alerts/silences', { matchers: [{ label: 'alertname', value: 'breaker-open' }], ends_at: new Date(until).toISOString(), comment: 'vendor says 1 h' });
    expect(silence.status).toBe(200);

    const { page, close } = await openScreen(engine(), 'Alerts');
    const firing = page.getByRole('table', { name: 'Firing alerts' });
    await page.getByRole('table', { name: 'Silences' }).locator('tr[data-state="active"]').waitFor();
    expect(await firing.locator('[data-rule="breaker-open"]').count()).toBe(0);
    await page.getByLabel('Show silenced').check();
    const silenced = firing.locator('[data-rule="breaker-open"][data-silenced="true"]');
    await silenced.waitFor();
    expect(await silenced.textContent()).toContain(`silenced until ${new Date(until).toISOString().replace('T', ' ').slice(0, 19)} by local-admin`);

    await page.getByRole('button', { name: 'Expire silence alertname=breaker-open' }).click();
    const confirm = page.getByRole('dialog', { name: 'Expire this silence now?' });
    await confirm.getByLabel('Reason (required)').fill('vendor is back early');
    await confirm.getByRole('button', { name: 'Expire now' }).click();
    await page.getByRole('table', { name: 'Silences' }).locator(`tr[data-silence="${silence.body.id}"][data-state="expired"]`).waitFor();
    await expect.poll(() => firing.locator('[data-rule="breaker-open"]:not([data-silenced])').count()).toBe(1);
    await shot(page, 'alerts-silences');
    const timeline = (await engine().get('/api/timeline?kinds=alert&limit=50')).items as { summary: string }[];
    expect(timeline.map((e) => e.summary)).toContainEqual(expect.stringContaining('vendor is back early'));
    await close();
  });

  it('reads the active rules with one version, Diff disabled, and shows every error of an upload at once with the rules marked', async () => {
    const { page, close } = await openScreen(engine(), 'Policies');
    const rules = page.getByRole('region', { name: 'Active rules' }).getByRole('table');
    await rules.locator('tbody tr').first().waitFor();
    const policies = (await engine().get('/api/policies')).items as { document: { rules: { id: string }[] } }[];
    expect(policies).toHaveLength(1);
    expect(await rules.locator('tbody tr').count()).toBe(policies[0]?.document.rules.length);
    const diff = page.getByRole('table', { name: 'Policy versions' }).getByRole('button', { name: 'Diff' });
    expect(await diff.isDisabled()).toBe(true);
    expect(await diff.getAttribute('aria-pressed')).toBeNull();

    await page.getByRole('button', { name: 'Start from v1' }).click();
    const editor = page.getByLabel('Policy JSON');
    const doc = JSON.parse(await editor.inputValue()) as { rules: { id: string; expression: string }[] };
    const first = doc.rules[0] as { id: string; expression: string };
    const second = doc.rules.at(-1) as { id: string; expression: string };
    first.expression = 'inputs.amount >';
    second.expression = 'inputs.amount + 1.0';
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByRole('button', { name: 'Validate and upload' }).click();
    const rejected = page.getByRole('alert', { name: 'Policy rejected' });
    await rejected.waitFor();
    const errors = rejected.getByRole('list', { name: 'Rule errors' }).getByRole('listitem');
    expect(await errors.count()).toBe(2);
    expect(await errors.evaluateAll((items) => items.map((i) => i.getAttribute('data-rule')))).toEqual([first.id, second.id]);
    const marks = page.getByRole('list', { name: 'Rules in the editor' });
    expect(await marks.locator('li[aria-invalid="true"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule')))).toEqual([first.id, second.id]);
    expect(await marks.locator('li[aria-invalid="false"]').count()).toBe(doc.rules.length - 2);
    await rejected.scrollIntoViewIfNeeded();
    await shot(page, 'policies-errors');
    await close();
  });
}, () => ({
  sampleIntervalMs: 500,
  integrations: [sanctions.integration()],
}));
