import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { UI_ROUTES } from '../../src/shared/ui-routes';
import { describeInBrowser, openPage, shot } from './fixtures/browser';
import { SignalEngine, type SignalRequest } from '../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../src/main/engine/adapters/memory-signal-history';
import { samplePayment } from '../fixtures/engine';

const WIDTHS = [1440, 1024, 800] as const;
const THEMES = ['light', 'dark'] as const;

/**
 * Runs in the page: what a user would call broken layout. Horizontal overflow of the page or the main pane,
 * pairs of visible text runs whose boxes overlap (text drawn over text), controls cut off by a clipping box, and
 * table columns that do not line up with their headers. Text cut off with an ellipsis inside
 * its own box is allowed; a scroll container's hidden rows are not drawn and not checked.
 */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) problems.push('page overflows horizontally: ' + doc.scrollWidth + ' > ' + window.innerWidth);
  const main = document.querySelector('.main');
  if (main && main.scrollWidth > main.clientWidth + 1) problems.push('main pane overflows horizontally: ' + main.scrollWidth + ' > ' + main.clientWidth);
  // A text run as drawn: cut to every ancestor that clips (overflow other than visible, e.g. an ellipsis cell).
  const drawn = (r, el) => {
    let box = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const c = p.getBoundingClientRect();
      box = { left: Math.max(box.left, c.left), right: Math.min(box.right, c.right), top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom) };
    }
    box.top = Math.max(box.top, 0);
    box.bottom = Math.min(box.bottom, window.innerHeight);
    return box.right - box.left > 1 && box.bottom - box.top > 1 ? box : null;
  };
  const runs = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.opacity === '0' || el.closest('[aria-hidden="true"], .u-legend, option, script, style')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      const rect = drawn(r, el);
      if (rect) runs.push({ rect, el, text: n.textContent.trim().slice(0, 40) });
    }
  }
  // A column squeezed to nothing: its header or cells are there but too narrow to show anything.
  for (const cell of document.querySelectorAll('[role="columnheader"], [role="cell"], th, td')) {
    const s = getComputedStyle(cell);
    if (s.display === 'none' || s.visibility === 'hidden' || !cell.textContent.trim() || cell.closest('.u-legend, .visually-hidden') || cell.querySelector('.visually-hidden')) continue;
    const r = cell.getBoundingClientRect();
    if (r.width > 0 && r.width < 24 && r.bottom > 0 && r.top < window.innerHeight) problems.push('column squeezed to ' + Math.round(r.width) + ' px: "' + cell.textContent.trim().slice(0, 30) + '"');
  }
  // A control cut off by a clipping ancestor (overflow hidden or clip; a scroll container may scroll it into view).
  for (const control of document.querySelectorAll('button, input, select')) {
    const r = control.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.top > window.innerHeight || control.closest('.visually-hidden') || getComputedStyle(control).visibility === 'hidden') continue;
    for (let p = control.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (!['hidden', 'clip'].includes(s.overflowX) && !['hidden', 'clip'].includes(s.overflowY)) continue;
      const c = p.getBoundingClientRect();
      if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1) {
        problems.push('control cut off: "' + (control.textContent || control.getAttribute('aria-label') || control.tagName).trim().slice(0, 30) + '"');
        break;
      }
    }
  }
  // A table whose columns do not line up: each header starts where the cells of its column start.
  for (const table of document.querySelectorAll('[role="table"]')) {
    const head = [...table.querySelectorAll('[role="columnheader"]')];
    const row = [...table.querySelectorAll('[role="row"]')].find((r) => r.querySelector('[role="cell"]'));
    if (!head.length || !row) continue;
    const cells = [...row.querySelectorAll(':scope > [role="cell"]')];
    head.forEach((h, i) => {
      const c = cells[i];
      if (c && Math.abs(h.getBoundingClientRect().left - c.getBoundingClientRect().left) > 1) problems.push('column not aligned with its header: "' + h.textContent.trim().slice(0, 30) + '"');
    });
  }
  for (let i = 0; i < runs.length; i += 1) {
    for (let j = i + 1; j < runs.length; j += 1) {
      const a = runs[i], b = runs[j];
      if (a.el === b.el) continue;
      const w = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const h = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (w > 2 && h > 2) problems.push('text overlaps: "' + a.text + '" and "' + b.text + '"');
    }
  }
  return problems.slice(0, 10);
})()`;

/** WCAG contrast of an element's text colour against its background colour (both as computed). */
const CONTRAST = `((selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bgEl = el, bg = 'rgba(0, 0, 0, 0)';
  while (bgEl && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) { bg = getComputedStyle(bgEl).backgroundColor; bgEl = bgEl.parentElement; }
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})`;

async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Toggle theme' });
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await toggle.click();
  await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
}

/** Real signals, except for one customer whose decision fails its one attempt: the Dead letters screen has a row. */
const real = new SignalEngine({ allowedActions: ['gmail.send'] }, createMemorySignalHistory());
const signals = {
  compute(request: SignalRequest) {
    if (JSON.stringify(request).includes('layout-poisoned')) throw new Error('reputation service is down for this customer, and this message is long enough to be cut');
    return real.compute(request);
  },
};

/** Screens shown in a state with more on them than their bare path: an incident chosen with its checks run. */
const PREPARE: Partial<Record<string, { query: string; then?: (page: Page) => Promise<void> }>> = {
  runbook: {
    query: '?incident=decisions-stuck-in-processing',
    then: async (page) => {
      await page.getByRole('button', { name: 'Run checks' }).click();
      await page.getByRole('list', { name: 'Check results' }).waitFor();
    },
  },
};

describeInBrowser('layout at 1440, 1024 and 800 px in both themes, and contrast', (engine) => {
  it('every screen renders without horizontal overflow or overlapping text, and its screenshot is saved', async () => {
    const poisoned = await fetch(`${engine().url}/api/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${engine().adminKey}` },
      body: JSON.stringify({ ...samplePayment({ customer_id: 'layout-poisoned' }), task_id: 'layout-dead-letter' }),
    });
    expect(poisoned.status).toBe(202);
    await expect.poll(async () => ((await engine().get('/api/queue/dead')).items as unknown[]).length, { timeout: 10_000 }).toBe(1);
    const decision = ((await engine().get('/api/decisions?status=needs_review&limit=1')).items as Array<{ decision_id: string; task_id: string }>)[0];
    const samples: Record<string, string> = { decision: decision?.decision_id as string, task: decision?.task_id as string, entity: 'demo-cust-burst' };
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    const problems: string[] = [];
    for (const route of UI_ROUTES) {
      const id = route.path.includes(':id') ? samples[route.screen] : '';
      expect(id, `a sample id for the ${route.screen} page`).toBeDefined();
      const prepare = PREPARE[route.screen];
      const url = `${engine().url}${route.path.replace(':id', encodeURIComponent(id as string))}${prepare?.query ?? ''}`;
      for (const theme of THEMES) {
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(url);
          await page.getByRole('navigation', { name: 'Screens' }).waitFor();
          await setTheme(page, theme);
          await page.locator('.page').first().waitFor();
          await prepare?.then?.(page);
          await page.waitForTimeout(400); // the screen's queries settle (the live stream keeps the network busy)
          const found = (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
          for (const p of found) problems.push(`${route.screen} at ${width} px, ${theme}: ${p}`);
          await shot(page, `layout-${route.screen}-${width}-${theme}`);
        }
      }
    }
    await close();
    expect(problems).toEqual([]);
  }, 300_000);

  it('the runbook action dialog fits at every width in both themes (screenshots)', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    for (const theme of THEMES) {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${engine().url}/dead-letters`);
        await setTheme(page, theme);
        await page.getByRole('group', { name: 'Dead-letter actions' }).getByRole('button', { name: /^Retry dead letters/ }).click();
        const dialog = page.getByRole('dialog', { name: 'Retry dead letters' });
        await dialog.getByRole('region', { name: 'Preview' }).waitFor();
        const box = await dialog.boundingBox();
        expect([width, theme, box !== null && box.x >= 0 && box.x + box.width <= width && box.y >= 0 && box.y + box.height <= 800]).toEqual([width, theme, true]);
        await shot(page, `layout-action-dialog-${width}-${theme}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      }
    }
    await close();
  }, 120_000);

  it('the primary button, body text and muted text reach 4.5:1 in both themes', async () => {
    const { page, close } = await openPage(engine().loginUrl());
    await page.getByRole('navigation', { name: 'Screens' }).waitFor();
    await page.goto(`${engine().url}/policies`);
    await page.locator('button.primary').first().waitFor();
    for (const theme of THEMES) {
      await setTheme(page, theme);
      for (const selector of ['button.primary', '.page h1', '.muted']) {
        const ratio = (await page.evaluate(`${CONTRAST}(${JSON.stringify(selector)})`)) as number | null;
        expect([theme, selector, ratio !== null && ratio >= 4.5]).toEqual([theme, selector, true]);
      }
    }
    await close();
  });
}, () => ({ maxAttempts: 1 }), () => ({ signals }));
