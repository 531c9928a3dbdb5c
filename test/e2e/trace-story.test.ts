import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, openPage, shot, type E2eEngine } from './fixtures/browser';

interface TraceEvent { audit_id: string; decision_id: string | null; event_type: string; payload: Record<string, unknown> }

/** The agent session of the demo that has both a blocked call and one waiting for review, with its whole trace. */
async function sessionWithBlockedAndReview(e: E2eEngine): Promise<{ taskId: string; events: TraceEvent[] }> {
  for (let session = 0; session < 10; session += 1) {
    const taskId = `demo-agent-session-${session}`;
    const events = (await e.get(`/api/governance/tasks/${taskId}/decision-trace?limit=200`)).items as TraceEvent[];
    const has = (type: string) => events.some((ev) => ev.event_type === type);
    if (has('SUPERVISOR_BLOCKED') && has('SUPERVISOR_NEEDS_REVIEW')) return { taskId, events };
  }
  throw new Error('the demo workload has no agent session with a blocked call and a call for review');
}

const selectedType = (page: Page) => page.getByRole('option', { selected: true }).getAttribute('data-event-type');

describeInBrowser('trace replay tells the story: grouped by decision, filtered, verdicts, blocked steps, JSON paths', (engine) => {
  it('groups an agent session by decision, filters by event type, jumps between blocked steps and shows a verdict', async () => {
    const { taskId, events } = await sessionWithBlockedAndReview(engine());
    const waiting = events.find((ev) => ev.event_type === 'SUPERVISOR_NEEDS_REVIEW') as TraceEvent;
    const reviewed = await fetch(`${engine().url}/api/governance/decisions/${waiting.decision_id}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` },
      body: JSON.stringify({ verdict: 'approve', note: 'known recipient' }),
    });
    expect(reviewed.status).toBe(200);
    const reviewer = ((await reviewed.json()) as { review: { reviewer: string } }).review.reviewer;
    const decisions = new Set(events.map((ev) => ev.decision_id));
    const blockedCount = events.filter((ev) => ev.event_type === 'SUPERVISOR_BLOCKED').length;

    const { page, close } = await openPage(engine().loginUrl());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: engine().url });
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.goto(`${engine().url}/tasks/${taskId}`);

    // One header per decision, with the outcome the reviewer gave the one that waited.
    const headers = page.locator('.step-group');
    await headers.first().waitFor();
    await expect.poll(() => page.getByText(`Step 1 of ${events.length + 1}`, { exact: true }).count()).toBe(1);
    const header = page.locator(`.step-group[data-decision="${waiting.decision_id}"]`);
    await expect.poll(() => header.getAttribute('data-outcome')).toBe('approved');
    expect(await header.textContent()).toContain('approved');
    expect(await headers.count()).toBeGreaterThan(1);
    expect(await headers.count()).toBeLessThanOrEqual(decisions.size);
    // Each decision's last step carries the outcome it produced (the first decisions are on screen).
    expect(await page.locator('.step[data-outcome]').count()).toBeGreaterThan(0);
    await shot(page, 'trace-grouped');
    const theme = () => page.locator('html').getAttribute('data-theme');
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    if ((await theme()) !== 'dark') await page.getByRole('button', { name: 'Toggle theme' }).click();
    await expect.poll(theme).toBe('dark');
    await shot(page, 'trace-grouped-dark');

    // The type filter lives in the URL and lists only those steps.
    const types = page.getByRole('group', { name: 'Event types' });
    await types.getByRole('button', { name: 'SUPERVISOR_BLOCKED', exact: true }).click();
    await types.getByRole('button', { name: 'REVIEW_APPROVED', exact: true }).click();
    await expect.poll(() => decodeURIComponent(new URL(page.url()).search)).toBe('?types=SUPERVISOR_BLOCKED,REVIEW_APPROVED');
    await expect.poll(() => page.getByRole('option').count()).toBe(blockedCount + 1);
    const shownTypes = await page.getByRole('option').evaluateAll((els) => els.map((el) => el.getAttribute('data-event-type')));
    expect(new Set(shownTypes)).toEqual(new Set(['SUPERVISOR_BLOCKED', 'REVIEW_APPROVED']));
    await shot(page, 'trace-filtered');
    await types.getByRole('button', { name: 'All types' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('types')).toBeNull();

    // n lands on a blocked step, p comes back to it from the next one.
    await page.keyboard.press('n');
    await expect.poll(() => selectedType(page)).toBe('SUPERVISOR_BLOCKED');
    const firstBlocked = await page.getByRole('option', { selected: true }).textContent();
    expect(await page.getByLabel('Step detail').textContent()).toContain('SUPERVISOR_BLOCKED');
    if (blockedCount > 1) {
      await page.getByRole('button', { name: 'Next blocked ↓' }).click();
      await expect.poll(() => selectedType(page)).toBe('SUPERVISOR_BLOCKED');
      await page.keyboard.press('p');
      await expect.poll(() => page.getByRole('option', { selected: true }).textContent()).toBe(firstBlocked);
    }

    // The verdict, not a decision struck through as removed.
    await page.goto(`${engine().url}/tasks/${taskId}?types=REVIEW_APPROVED`);
    await page.getByRole('option', { selected: true }).waitFor();
    await page.getByRole('group', { name: 'Event types' }).getByRole('button', { name: 'All types' }).click();
    await expect.poll(() => selectedType(page)).toBe('REVIEW_APPROVED');
    const verdict = page.getByLabel('Verdict', { exact: true });
    await expect.poll(() => verdict.textContent()).toContain(reviewer);
    const said = (await verdict.textContent()) ?? '';
    expect(said).toContain('approved');
    expect(said).toContain('known recipient');
    expect(said).toMatch(/needs review\s*→\s*approved/);
    expect(await page.locator('[data-change="removed"]').count()).toBe(0);
    await shot(page, 'trace-verdict');

    // Ticking Raw JSON keeps the arrow keys stepping.
    await page.getByLabel('Raw JSON').check();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedType(page)).toBe('SUPERVISOR_NEEDS_REVIEW');
    await expect.poll(() => page.locator('pre.raw').textContent()).toContain('"SUPERVISOR_NEEDS_REVIEW"');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selectedType(page)).toBe('REVIEW_APPROVED');
    await page.getByLabel('Raw JSON').uncheck();

    // The JSON tree copies a node's path and its value.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => selectedType(page)).toBe('SUPERVISOR_NEEDS_REVIEW');
    const snapshot = waiting.payload.decision_snapshot as { findings: { code: string }[] };
    const clipboard = () => page.evaluate('navigator.clipboard.readText()');
    const tree = page.getByLabel('Payload as JSON');
    await tree.locator('details[data-path="$.decision_snapshot.findings[0]"] > summary').click();
    const path = '$.decision_snapshot.findings[0].code';
    await tree.getByRole('button', { name: `Copy path ${path}`, exact: true }).click();
    await expect.poll(() => clipboard()).toBe(path);
    await tree.getByRole('button', { name: `Copy value of ${path}`, exact: true }).click();
    await expect.poll(() => clipboard()).toBe(snapshot.findings[0]?.code);
    await shot(page, 'trace-json-tree');
    await close();
  }, 60_000);
});
