import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, openPage, shot, type E2eEngine } from './fixtures/browser';

interface Focused { text: string; row: string | null; label: string; id: string }

// Runs in the page (a string: tests are type-checked against Node's libs, not the DOM's).
const FOCUSED = `(() => {
  const el = document.activeElement;
  return { text: el?.textContent?.trim() ?? '', row: el?.getAttribute('data-row') ?? null, label: el?.closest('label')?.textContent?.trim() ?? '', id: el?.id ?? '' };
})()`;
const focused = (page: Page) => page.evaluate(FOCUSED) as Promise<Focused>;

/** Presses Tab until `done` holds for the focused element (at most `max` presses), as a keyboard user would. */
async function tabUntil(page: Page, done: (f: Focused) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (done(await focused(page))) return;
  }
  throw new Error(`no tab stop matched after ${max} presses; last: ${JSON.stringify(await focused(page))}`);
}

/** Signs in on the login page by typing the admin key and pressing Enter. */
async function signInByKeyboard(e: E2eEngine): Promise<{ page: Page; close(): Promise<void> }> {
  const opened = await openPage(`${e.url}/`);
  await opened.page.getByLabel('API key').waitFor();
  await opened.page.keyboard.type(e.adminKey);
  await opened.page.keyboard.press('Enter');
  await opened.page.getByRole('navigation', { name: 'Screens' }).waitFor();
  return opened;
}

async function allDecisions(e: E2eEngine): Promise<{ decision_id: string; risk_score: number | null }[]> {
  const items: { decision_id: string; risk_score: number | null }[] = [];
  let cursor: string | null = null;
  do {
    const page = await e.get(`/api/decisions?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

describeInBrowser('keyboard-only use', (engine) => {
  it('signs in, skips to content, reaches Review with g r, moves with j and approves with a, without the mouse', async () => {
    const { page, close } = await signInByKeyboard(engine());
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('content');

    await page.keyboard.press('g');
    await page.keyboard.press('r');
    const selected = page.getByRole('listbox', { name: 'Decisions to review' }).getByRole('option', { selected: true });
    await selected.waitFor();
    const first = await selected.getAttribute('data-decision');
    await page.keyboard.press('j');
    await expect.poll(() => selected.getAttribute('data-decision')).not.toBe(first);
    const second = (await selected.getAttribute('data-decision')) as string;
    await page.keyboard.press('a');
    await expect.poll(async () => (await engine().get(`/api/governance/decisions/${second}`)).status).toBe('approved');
    expect((await engine().get(`/api/governance/decisions/${first}`)).status).toBe('needs_review');
    await close();
  });

  it('Tab reaches the decisions list, ArrowDown moves to the next row and Enter opens it', async () => {
    const { page, close } = await signInByKeyboard(engine());
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.locator('[data-row]').first().waitFor();
    await tabUntil(page, (f) => f.row !== null);
    expect((await focused(page)).row).toBe('0');
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused(page)).row).toBe('1');
    const id = (await page.locator('[data-row="1"] .mono').textContent()) as string;
    await shot(page, 'keyboard-only');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: id }).waitFor();
    await close();
  });

  it('a text filter applies on Enter, and a date field is one tab stop that explains bad input', async () => {
    const { page, close } = await signInByKeyboard(engine());
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.locator('[data-row]').first().waitFor();
    const code = ((await engine().get('/api/decisions?limit=500')).items as { findings: { code: string }[] }[]).find((d) => d.findings.length)?.findings[0]?.code as string;
    await tabUntil(page, (f) => f.label.startsWith('Finding code'));
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('finding_code')).toBe(code);
    const expected = (await engine().get(`/api/decisions?finding_code=${code}&limit=500`)).items.length as number;
    await expect.poll(() => page.getByText(/ loaded/).first().textContent()).toContain(`${expected.toLocaleString('en-US')} loaded`);

    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toMatch(/^From \(UTC\)/);
    await page.keyboard.type('2026-02-30 07:30');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'not a real date' }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2020-12-03 07:30');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2020-12-03T07:30:00.000Z');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toMatch(/^To \(UTC\)/);
    await close();
  });

  it('sorting by risk, highest first, shows the highest risk of the whole workspace first', async () => {
    const { page, close } = await signInByKeyboard(engine());
    await page.keyboard.press('g');
    await page.keyboard.press('d');
    await page.locator('[data-row]').first().waitFor();
    await tabUntil(page, (f) => f.text.startsWith('Risk'));
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).search).toContain('sort=risk_score&order=desc');
    const all = await allDecisions(engine());
    const highest = Math.max(...all.map((d) => d.risk_score ?? -Infinity));
    const firstFromApi = (await engine().get('/api/decisions?sort=risk_score&order=desc&limit=1')).items[0];
    expect(firstFromApi.risk_score).toBe(highest);
    await expect.poll(() => page.locator('[data-row="0"] .mono').textContent()).toBe(firstFromApi.decision_id);
    expect(await page.locator('[data-row="0"] > span').last().textContent()).toBe(String(highest));
    await close();
  });
});
