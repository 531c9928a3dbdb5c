import fs from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { defaultUiDir } from '../src/main/engine/engine';
import { type BenchRow, benchEngine, drain, fmt, int, payment, submitMany } from './lib';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Frame times while the page's largest scrollable element is scrolled by `step` px per frame for `ms`:
 * requestAnimationFrame deltas are what a person sees as smooth or janky.
 */
// Runs in the page (a string: the bench is type-checked against Node's libs, not the DOM's).
const SCROLL_FRAMES = `(({ ms, step }) => new Promise((resolve) => {
  const scrollers = [...document.querySelectorAll('*')].filter((el) => el.scrollHeight > el.clientHeight + 10 && getComputedStyle(el).overflowY !== 'visible');
  const target = scrollers.sort((a, b) => b.scrollHeight - a.scrollHeight)[0] ?? document.scrollingElement;
  const deltas = [];
  let last = performance.now();
  const end = last + ms;
  const tick = (now) => {
    deltas.push(now - last);
    last = now;
    if (target) target.scrollTop += step;
    if (now < end) requestAnimationFrame(tick);
    else {
      deltas.sort((a, b) => a - b);
      const at = (p) => deltas[Math.min(deltas.length - 1, Math.ceil((p / 100) * deltas.length) - 1)] ?? 0;
      resolve({ p50: at(50), p95: at(95), max: deltas[deltas.length - 1] ?? 0, frames: deltas.length });
    }
  };
  requestAnimationFrame(tick);
}))`;

async function scrollFrames(page: Page, ms: number, step: number): Promise<{ p50: number; p95: number; max: number; frames: number }> {
  return page.evaluate(`${SCROLL_FRAMES}(${JSON.stringify({ ms, step })})`) as Promise<{ p50: number; p95: number; max: number; frames: number }>;
}

/** Decisions list at 100,000 rows and a 10,000-event trace, in Chromium against the built UI. */
export async function benchUi(): Promise<BenchRow[]> {
  if (!fs.existsSync(CHROMIUM) || !fs.existsSync(`${defaultUiDir()}/index.html`)) {
    throw new Error(`the UI benchmark needs ${CHROMIUM} and a UI build (npm run build:ui)`);
  }
  const engine = await benchEngine({}, true);
  await submitMany(engine, 2_000, 32, (i) => payment(i, 'bench-long-task'));
  await submitMany(engine, 98_000, 64, (i) => payment(i + 2_000));
  await drain(engine);
  const url = engine.url as string;
  const login = () => `${url}/#login=${engine.sessions.createLoginToken({ keyId: 'bench', workspaceId: 'default', name: 'bench', scopes: ['admin'] })}`;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(login());
  await page.waitForFunction("!location.hash.includes('login=')");
  const rows: BenchRow[] = [];

  // Decisions list: time to the first rows, then every page loaded (100,000 rows), then scrolling.
  let t0 = performance.now();
  await page.goto(`${url}/decisions`);
  await page.waitForFunction("document.body.innerText.includes('dec_')");
  const firstRender = performance.now() - t0;
  t0 = performance.now();
  const loadMore = page.getByRole('button', { name: /load more/i });
  while ((await loadMore.count()) > 0 && (await loadMore.isEnabled())) await loadMore.click();
  const loadAll = performance.now() - t0;
  const listFrames = await scrollFrames(page, 3_000, 400);
  rows.push({
    name: 'Decisions list: first rows visible (Chromium, 1280x800)',
    result: `${fmt(firstRender)} ms`,
    target: 'fast first render',
    met: null,
  });
  rows.push({
    name: 'Decisions list at 100,000 rows: frame time while scrolling 400 px/frame for 3 s',
    result: `p50 ${fmt(listFrames.p50)} ms, p95 ${fmt(listFrames.p95)} ms, max ${fmt(listFrames.max)} ms over ${int(listFrames.frames)} frames (all pages loaded in ${fmt(loadAll / 1000)} s)`,
    target: 'smooth: p95 <= 16.7 ms (60 fps)',
    met: listFrames.p95 <= 16.7,
  });

  // A 10,000-event trace: time until its events are on screen, then scrolling the timeline.
  t0 = performance.now();
  await page.goto(`${url}/tasks/bench-long-task`);
  await page.waitForFunction("document.body.innerText.includes('SUPERVISOR_')");
  const traceOpen = performance.now() - t0;
  const traceFrames = await scrollFrames(page, 3_000, 400);
  rows.push({
    name: 'Trace of a 10,000-event task: events on screen after navigation',
    result: `${fmt(traceOpen)} ms`,
    target: '< 1,000 ms',
    met: traceOpen < 1_000,
  });
  rows.push({
    name: 'Trace of a 10,000-event task: frame time while scrolling the timeline',
    result: `p50 ${fmt(traceFrames.p50)} ms, p95 ${fmt(traceFrames.p95)} ms, max ${fmt(traceFrames.max)} ms over ${int(traceFrames.frames)} frames`,
    target: 'smooth: p95 <= 16.7 ms (60 fps)',
    met: traceFrames.p95 <= 16.7,
  });
  await browser.close();
  await engine.stop();
  return rows;
}
