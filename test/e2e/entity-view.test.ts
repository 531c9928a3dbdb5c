import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot, type E2eEngine } from './fixtures/browser';

const ENTITY = 'demo-cust-burst';

/** The number a stat card on the entity page shows. */
const card = async (page: Page, label: string) =>
  (await page.getByRole('group', { name: label, exact: true }).locator('.value').textContent())?.trim();

async function signedIn(e: E2eEngine): Promise<{ page: Page; close(): Promise<void> }> {
  const opened = await openPage(e.loginUrl());
  await opened.page.getByRole('navigation', { name: 'Screens' }).waitFor();
  return opened;
}

describeInBrowser('entity view', (engine) => {
  it("from a decision's page, the customer id leads to the entity page, whose counts are the API's and whose rows open decisions", async () => {
    const api = await engine().get(`/api/entities/${ENTITY}?limit=500`);
    expect(api.decisions).toBeGreaterThan(1);
    const newest = api.items[0] as { decision_id: string };
    const { page, close } = await signedIn(engine());
    await page.goto(`${engine().url}/decisions/${newest.decision_id}`);
    await page.getByRole('heading', { name: newest.decision_id }).waitFor();
    // The facts line and the inputs (shown as JSON, so quoted) both link the customer id.
    const inInputs = page.getByLabel('Decision snapshot').getByRole('link', { name: `"${ENTITY}"`, exact: true });
    await expect.poll(() => inInputs.getAttribute('href')).toBe(`/entities/${ENTITY}`);
    await page.getByRole('link', { name: ENTITY, exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/entities/${ENTITY}`);
    await page.getByRole('heading', { name: `Entity ${ENTITY}` }).waitFor();

    await expect.poll(() => card(page, 'Decisions')).toBe(String(api.decisions));
    expect(await card(page, 'Tasks')).toBe(String(api.tasks));
    for (const [status, n] of Object.entries(api.by_status as Record<string, number>)) expect(await card(page, status.replace('_', ' '))).toBe(String(n));
    const findings = page.getByRole('region', { name: 'Top findings' });
    for (const f of api.top_findings as { code: string; decisions: number }[]) {
      expect(await findings.getByRole('row').filter({ hasText: f.code }).textContent()).toBe(`${f.code}${f.decisions}`);
    }
    const table = page.getByRole('table', { name: 'Decisions of this entity' });
    expect(await table.locator('tbody tr').count()).toBe(Math.min(50, api.items.length));
    await shot(page, 'entity-view');
    await page.getByRole('button', { name: 'Toggle theme' }).click();
    await shot(page, 'entity-view-dark');
    await page.getByRole('button', { name: 'Toggle theme' }).click();

    const second = api.items[1] as { decision_id: string };
    await table.getByRole('link', { name: second.decision_id }).click();
    await page.getByRole('heading', { name: second.decision_id }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/decisions/${second.decision_id}`);
    await close();
  });

  it("an affiliate's page shows its trust score, overclaimed and missing shares and the reports it rests on, as the API does", async () => {
    // The demo workload's affiliates (demo-aff-0..29), some with overclaims and missing reports: the first the API scores.
    type Trust = { score: number; overclaimed_share: number; missing_share: number; reports: number; decision_id: string };
    let api: { entity_id: string; affiliate_trust: Trust | null } = { entity_id: '', affiliate_trust: null };
    for (let i = 0; i < 30 && !api.affiliate_trust; i += 1) api = (await engine().get(`/api/entities/demo-aff-${i}?kind=affiliate`)) as typeof api;
    const trust = api.affiliate_trust;
    expect(trust).toBeTruthy();
    if (!trust) return;
    const { page, close } = await signedIn(engine());
    await page.goto(`${engine().url}/entities/${api.entity_id}`);
    const region = page.getByRole('region', { name: 'Affiliate trust' });
    await region.waitFor();
    const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
    expect(await card(page, 'Trust score')).toBe(trust.score.toFixed(3));
    expect(await card(page, 'Overclaimed')).toBe(percent(trust.overclaimed_share));
    expect(await card(page, 'Missing reports')).toBe(percent(trust.missing_share));
    expect(await card(page, 'Reports')).toBe(String(trust.reports));
    expect(await region.getByRole('link', { name: trust.decision_id }).getAttribute('href')).toBe(`/decisions/${trust.decision_id}`);
    await shot(page, 'entity-affiliate-trust');
    // A customer's page has no trust section.
    await page.goto(`${engine().url}/entities/${ENTITY}`);
    await page.getByRole('heading', { name: `Entity ${ENTITY}` }).waitFor();
    await expect.poll(() => card(page, 'Decisions')).not.toBe('…');
    expect(await page.getByRole('region', { name: 'Affiliate trust' }).count()).toBe(0);
    await close();
  });

  it("the review pane's Subject links to the entity page", async () => {
    const { page, close } = await signedIn(engine());
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Review', exact: true }).click();
    const selected = page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true });
    await selected.waitFor();
    const d = await engine().get(`/api/governance/decisions/${await selected.getAttribute('data-decision')}`);
    const subject = (d.inputs.customer_id ?? d.inputs.affiliate_id ?? d.inputs.agent_id) as string;
    const pane = page.getByLabel('Decision under review');
    await pane.getByRole('link', { name: subject, exact: true }).first().click();
    await page.getByRole('heading', { name: `Entity ${subject}` }).waitFor();
    const api = await engine().get(`/api/entities/${encodeURIComponent(subject)}`);
    await expect.poll(() => card(page, 'Decisions')).toBe(String(api.decisions));
    await close();
  });

  it('the command palette opens the entity page of a typed id', async () => {
    const { page, close } = await signedIn(engine());
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command, screen or id').fill(ENTITY);
    await palette.getByRole('option', { name: `Open entity ${ENTITY}` }).click();
    await page.getByRole('heading', { name: `Entity ${ENTITY}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/entities/${ENTITY}`);
    const api = await engine().get(`/api/entities/${ENTITY}`);
    await expect.poll(() => card(page, 'Decisions')).toBe(String(api.decisions));
    await close();
  });
});
