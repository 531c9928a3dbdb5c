import { afterAll, expect, it } from 'vitest';
import { describeInBrowser, openPage, shot } from './fixtures/browser';
import { startOtlpCollector } from '../fixtures/otlp-collector';

const VIEWER = 'http://viewer.test/trace/{trace_id}';
const collector = await startOtlpCollector();
afterAll(async () => {
  await collector.close();
});

describeInBrowser(
  'the trace screen links a step to the trace viewer',
  (engine) => {
    it("shows the step's trace as a link to the configured viewer, opened in a new tab", async () => {
      const listed = await engine().get('/api/decisions?limit=1');
      const taskId = listed.items[0].task_id as string;
      const page1 = await engine().get(`/api/governance/tasks/${taskId}/decision-trace?limit=200`);
      const traceId = page1.items[0].payload.decision_snapshot.trace_id as string;
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      // The trace the screen links to is the one the collector received.
      await collector.waitFor((s) => s.traceId === traceId && s.name === 'decision.submit');

      const { page, close } = await openPage(engine().loginUrl());
      try {
        await page.getByRole('navigation', { name: 'Screens' }).waitFor();
        await page.goto(`${engine().url}/tasks/${taskId}`);
        const detail = page.getByLabel('Step detail');
        const link = detail.getByRole('link', { name: /^trace / });
        await link.waitFor();
        expect(await link.getAttribute('href')).toBe(`http://viewer.test/trace/${traceId}`);
        expect(await link.getAttribute('target')).toBe('_blank');
        expect(await link.getAttribute('rel')).toContain('noopener');
        expect(await link.textContent()).toContain(traceId.slice(0, 8));
        await shot(page, 'trace-viewer-link');
      } finally {
        await close();
      }
    });
  },
  () => ({ otlpEndpoint: collector.endpoint, traceViewerUrl: VIEWER }),
);
