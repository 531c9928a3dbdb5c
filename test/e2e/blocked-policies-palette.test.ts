import { expect, it } from 'vitest';
import { describeInBrowser, openPage, openScreen, shot } from './fixtures/browser';

describeInBrowser('blocked tasks, policies and the command palette in Chromium', (engine) => {
  it('charts the blocked reasons, filters tasks by one, and unblocks a task with a reason (MANUAL_UNBLOCK)', async () => {
    const { page, close } = await openScreen(engine(), 'Blocked');
    const chart = page.getByRole('list', { name: 'Tasks blocked now per reason code' });
    await chart.getByRole('listitem').first().waitFor();
    const stats = await engine().get('/api/governance/stats/blocked-tasks?top_n=100');
    expect(await chart.getByRole('listitem').count()).toBe(stats.reasons.length);
    const top = stats.reasons[0].reason_code as string;
    await shot(page, 'blocked-tasks');

    await chart.getByRole('listitem').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('reason')).toBe(top);
    const rows = page.getByRole('table', { name: 'Blocked tasks' }).locator('tbody tr');
    await rows.first().waitFor();
    const expected = await engine().get(`/api/governance/tasks?reason_code=${top}&limit=500`);
    expect(await rows.count()).toBe(expected.items.length);

    const taskId = (await rows.first().getAttribute('data-task')) as string;
    await page.getByRole('button', { name: `Unblock ${taskId}` }).click();
    const dialog = page.getByRole('dialog', { name: `Unblock task ${taskId}?` });
    await expect.poll(() => dialog.getByRole('button', { name: 'Unblock' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Reason (required)').fill('customer verified by phone');
    await dialog.getByRole('button', { name: 'Unblock' }).click();
    await page.getByRole('status').filter({ hasText: `Task ${taskId} unblocked.` }).waitFor();
    await expect.poll(() => page.locator(`[data-task="${taskId}"]`).count()).toBe(0);

    const summary = await engine().get(`/api/governance/tasks/${taskId}/summary`);
    expect(summary.status).toBe('RUNNING');
    const trace = await engine().get(`/api/governance/tasks/${taskId}/decision-trace?limit=200`);
    expect(trace.items.at(-1)).toMatchObject({ event_type: 'MANUAL_UNBLOCK', actor: 'e2e-analyst', payload: { reason: 'customer verified by phone' } });

    // The toast links to the event itself in the trace replay.
    await page.getByRole('link', { name: 'See MANUAL_UNBLOCK in the trace' }).click();
    await expect.poll(() => page.getByRole('option', { selected: true }).textContent()).toContain('MANUAL_UNBLOCK');
    await close();
  });

  it('rejects an uploaded policy with a broken rule, showing the rule and the parser error; stores and activates a good one', async () => {
    const { page, close } = await openScreen(engine(), 'Policies');
    const versions = page.getByRole('table', { name: 'Policy versions' }).getByRole('row');
    await versions.first().waitFor();
    const before = await engine().get('/api/policies');
    expect(await versions.count()).toBe(before.items.length);

    await page.getByRole('button', { name: /Start from v/ }).click();
    const good = JSON.parse(await page.getByLabel('Policy JSON').inputValue());
    const broken = { ...good, rules: [...good.rules, { ...good.rules[0], id: 'broken-rule', code: 'broken_rule', expression: 'inputs.amount > ' }] };
    await page.getByLabel('Policy JSON').fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: 'Validate and upload' }).click();
    const rejected = page.getByRole('alert', { name: 'Policy rejected' });
    await rejected.waitFor();
    expect(await rejected.textContent()).toMatch(/rule broken-rule: .+/);
    await shot(page, 'policies-rejected-upload');
    expect((await engine().get('/api/policies')).items.length).toBe(before.items.length);

    const edited = { ...good, name: 'e2e tightened', rules: good.rules.map((r: { id: string; message: string }, i: number) => (i === 0 ? { ...r, message: `${r.message} (tightened)` } : r)) };
    await page.getByLabel('Policy JSON').fill(JSON.stringify(edited, null, 2));
    await page.getByRole('button', { name: 'Validate and upload' }).click();
    await page.getByRole('status').filter({ hasText: /Stored as version \d+/ }).waitFor();
    await expect.poll(() => versions.count()).toBe(before.items.length + 1);
    const diff = page.getByRole('region', { name: 'Policy diff' });
    await expect.poll(() => diff.textContent()).toContain('(tightened)');
    expect(await diff.textContent()).toContain(`${good.rules[0].id} changed`);
    await shot(page, 'policies-diff');

    const newest = (await engine().get('/api/policies')).items[0];
    await page.locator(`[data-version="${newest.version}"]`).getByRole('button', { name: 'Activate' }).click();
    const dialog = page.getByRole('dialog', { name: `Activate policy version ${newest.version}?` });
    await dialog.getByLabel('Reason (required)').fill('tighten the first rule message');
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(async () => (await engine().get('/api/policies')).active_version).toBe(newest.version);
    await close();
  });

  it('opens with Ctrl+K, jumps to a screen and to a task id, and offers only actions the scopes allow', async () => {
    const { page, close } = await openScreen(engine(), 'Overview');
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    await page.keyboard.type('pause');
    // Pausing is the runbook's action (preview, reason, audit link), offered once.
    await expect.poll(() => palette.getByRole('option').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Run action: Pause the worker')]));
    expect((await palette.getByRole('option').allTextContents()).filter((t) => /pause the (queue|worker)/i.test(t))).toHaveLength(1);
    await shot(page, 'command-palette');
    await page.keyboard.press('Escape');
    await expect.poll(() => palette.count()).toBe(0);

    await page.keyboard.press('Control+k');
    await page.keyboard.type('polic');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/policies');

    const decision = (await engine().get('/api/decisions?status=blocked&limit=1')).items[0];
    await page.keyboard.press('Control+k');
    await page.keyboard.type(decision.decision_id);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/decisions/${decision.decision_id}`);
    await page.getByText(decision.decision_id).first().waitFor();
    await shot(page, 'decision-detail');

    await page.keyboard.press('Control+k');
    await page.keyboard.type(decision.task_id);
    const titles = await page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').allTextContents();
    expect(titles).toEqual(expect.arrayContaining([`Open task ${decision.task_id}`, expect.stringContaining(`Unblock task ${decision.task_id}`)]));
    await page.keyboard.press('Escape');
    await close();

    // A read-only key sees no queue or unblock actions.
    const reader = await openPage(await engine().loginUrlWith('reader', ['read']));
    await reader.page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await reader.page.keyboard.press('Control+k');
    await reader.page.keyboard.type(decision.task_id);
    const readerTitles = await reader.page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').allTextContents();
    expect(readerTitles.join('|')).not.toMatch(/Unblock|Pause|Resume/);
    expect(readerTitles).toContain(`Open task ${decision.task_id}`);
    await reader.close();
  });

  it('says what to do on the sign-in screen when there is no key', async () => {
    const { page, close } = await openPage(engine().url);
    await page.getByRole('heading').first().waitFor();
    await shot(page, 'login');
    expect(await page.textContent('body')).toMatch(/key/i);
    await close();
  });
});
