import { describe, expect, it } from 'vitest';
import { newRunId, runWithProgress, type RunProgress } from '../../../src/shared/run-with-progress';
import { RunId } from '../../../src/shared/schemas/runbook';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runWithProgress', () => {
  it('reports the progress the engine answers under the same run id while the run is open, then resolves with its result', async () => {
    const seen: RunProgress[] = [];
    const polled: string[] = [];
    let step = 0;
    const result = await runWithProgress(
      {
        run: async (runId) => {
          await sleep(60);
          return `result of ${runId}`;
        },
        poll: async (runId) => {
          polled.push(runId);
          step += 1;
          return { done: step, total: 10 };
        },
      },
      (p) => seen.push(p),
      10,
      'ui-run-fixed',
    );
    expect(result).toBe('result of ui-run-fixed');
    expect(new Set(polled)).toEqual(new Set(['ui-run-fixed']));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('reports nothing when no progress arrives (the bar stays indeterminate), and does not poll after the run ended', async () => {
    const seen: RunProgress[] = [];
    let polls = 0;
    await runWithProgress({ run: () => sleep(40), poll: async () => (polls += 1, Promise.reject(new Error('404'))) }, (p) => seen.push(p), 10);
    const after = polls;
    await sleep(40);
    expect([seen, polls]).toEqual([[], after]);
  });

  it('passes a failed run on as the failure', async () => {
    await expect(runWithProgress({ run: async () => Promise.reject(new Error('409 conflict')), poll: async () => ({ done: 0, total: 0 }) }, () => undefined, 5)).rejects.toThrow('409 conflict');
  });

  it('makes run ids the engine accepts', () => {
    expect(RunId.safeParse(newRunId()).success).toBe(true);
    expect(newRunId()).not.toBe(newRunId());
  });
});
