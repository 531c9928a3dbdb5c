import { DiscardDeadLettersParams } from '../../../../../shared/schemas/runbook';
import type { RemovedJob } from '../../../../../shared/schemas/removed-jobs';
import { defineAction, pinnedPreview } from './action';
import { deadJobs } from './dead-jobs';
import { jobActionAudit, removedDeadJob, restoreUndo, type Removal } from './removed-jobs';

const ID = 'discard-dead-letters';

export const discardDeadLetters = defineAction({
  id: ID,
  title: 'Discard dead letters',
  description:
    'Take dead-lettered jobs (the selected ones, or all that the preview listed) out of the dead set: they are written to a restorable file first; their decisions stay failed. Undo: restore-jobs with the file.',
  scope: 'operate',
  params: DiscardDeadLettersParams,
  async preview(ctx, params) {
    const ids = await deadJobs(ctx, params);
    // Pinned: dead letters that arrive before the run are not discarded.
    return pinnedPreview(`Discard ${ids.length} dead-lettered job(s): written to a restorable file, then removed from the dead letters; their decisions stay failed.`, 'jobs', ids, { job_ids: ids }, params);
  },
  async run(ctx, _params, preview, progress) {
    const { queue, store, clock } = ctx.deps;
    const ws = ctx.caller.workspaceId;
    const ids = preview.touches.ids;
    progress(0, ids.length);
    const removal: Removal = { kind: 'discarded', at: clock.now(), actor: ctx.caller.name, reason: ctx.reason };
    const jobs: RemovedJob[] = [];
    for (const id of ids) {
      const dead = await queue.getDeadJob(ws, id);
      const decision = dead && (await store.getDecision(ws, dead.decision_id));
      if (decision) jobs.push(removedDeadJob(id, decision, removal));
    }
    if (jobs.length === 0) return { summary: 'No dead letter discarded: they were retried or removed meanwhile.', counts: { jobs: 0, ...(ids.length ? { skipped: ids.length } : {}) }, undo: null };
    // The file first: a dead letter leaves the dead set only once it is on disk.
    const file = await ctx.removedJobs.write('discarded', ws, jobs, removal.at);
    const removed = new Set(await queue.removeDead(ws, jobs.map((j) => j.job_id)));
    let done = 0;
    for (const job of jobs) {
      if (!removed.has(job.job_id)) continue;
      await store.appendAudit(ws, jobActionAudit(ctx, ID, job, clock.now(), { file }));
      done += 1;
      progress(done, ids.length);
    }
    const skipped = ids.length - removed.size;
    progress(ids.length, ids.length);
    return {
      summary: `${removed.size} dead letter(s) discarded to ${file}${skipped ? `, ${skipped} retried or removed meanwhile left alone` : ''}; their decisions stay failed.`,
      counts: { jobs: removed.size, ...(skipped ? { skipped } : {}) },
      undo: removed.size > 0 ? restoreUndo(file, 'discarded') : null,
    };
  },
});
