import { NoParams } from '../../../../../shared/schemas/runbook';
import type { LiveWorker } from '../../../ports/worker-registry';
import { requestWorkerRestart, restartedWorkers } from '../worker-restart';
import { defineAction } from './action';

/** How long a run waits for every listed worker to say it restarted (a batch in hand is finished first). */
export const RESTART_WAIT_MS = 20_000;

const describeWorker = (w: LiveWorker) => `${w.host}:${w.pid} (${w.owner}, ${w.concurrency} loop(s))`;

export const restartWorker = defineAction({
  id: 'restart-worker',
  title: 'Restart the worker',
  description:
    'Every live worker (the engine\'s own, and in production mode each `decisionos worker` process) stops claiming, finishes and acks the batches in hand, and starts its loops again. The request goes through the shared state every worker watches; the run waits until each listed worker says it restarted. The queue and submissions are untouched.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    const workers = await ctx.load().processes();
    const ids = workers.map((w) => w.owner);
    return {
      summary: workers.length === 0
        ? 'No live worker to restart (none beats into the worker registry): start one (`decisionos serve`, or `decisionos worker` in production mode).'
        : `Restart ${workers.length} worker(s): ${workers.map(describeWorker).join(', ')}. Each finishes the batches in hand, then claims again; jobs wait on the queue meanwhile.`,
      touches: { counts: { workers: ids.length }, ids, total: ids.length },
      destructive: false,
      confirm: null,
      params: {},
    };
  },
  async run(ctx, _params, preview, progress) {
    const owners = preview.touches.ids;
    if (owners.length === 0) return { summary: 'No live worker: nothing was restarted.', counts: { workers: 0 }, undo: null };
    const generation = await requestWorkerRestart(ctx.kv, { by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now(), owners });
    let restarted: string[] = [];
    progress(0, owners.length);
    // Wall time, not the engine clock: the workers answer in real time (and a test clock may stand still).
    const deadline = Date.now() + RESTART_WAIT_MS;
    while (Date.now() < deadline) {
      restarted = await restartedWorkers(ctx.kv, owners, generation);
      progress(restarted.length, owners.length);
      if (restarted.length === owners.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    ctx.notify();
    const missing = owners.filter((o) => !restarted.includes(o));
    return {
      summary: missing.length === 0
        ? `${restarted.length} worker(s) restarted and claiming again.`
        : `${restarted.length} of ${owners.length} worker(s) restarted; ${missing.join(', ')} did not confirm within ${RESTART_WAIT_MS / 1000} s (a long batch in hand, or the process is gone: check live-workers).`,
      counts: { workers: restarted.length },
      undo: null,
    };
  },
});
