import { RestoreBackupParams } from '../../../../../shared/schemas/runbook';
import { findBackup, restoreBackup } from '../backups/restore-backup';
import { defineAction } from './action';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const restoreBackupAction = defineAction({
  id: 'restore-backup',
  title: 'Restore the database from a backup',
  description:
    'Verify a backup from the backup dir, pause the worker and wait for the jobs in hand, keep the live database as a -replaced backup, swap the backup in atomically (SQLite: one transaction on the writing connection; Postgres: pg_restore --clean in one transaction), and put the worker back as it was. Undo: restore the -replaced backup.',
  scope: 'system',
  params: RestoreBackupParams,
  async preview(ctx, params) {
    const { backups } = ctx;
    const found = await findBackup(backups, params.file);
    const manual = await backups.backup.manualStep('restore', `${backups.dir.path}/${params.file}`);
    const taken = new Date(found.at).toISOString();
    return {
      summary:
        manual ??
        `Replace the live database with ${params.file} (taken ${taken}, ${found.bytes} bytes): everything written since then is gone from it (decisions, audit events, keys, policies), kept only in the -replaced backup this run writes first. The worker pauses until the swap is done.`,
      touches: { counts: { databases: manual ? 0 : 1 }, ids: [params.file], total: 1 },
      destructive: true,
      confirm: params.file,
      params,
    };
  },
  async run(ctx, params, _preview, progress) {
    const done = await restoreBackup(ctx.backups, params.file, {
      queue: ctx.deps.queue,
      busy: () => ctx.load().busy,
      notify: ctx.notify,
      sleep,
      onStep: progress,
    });
    // The alert engine holds rules, silences and states in memory: take them from the restored database.
    await ctx.alerts.reload();
    return {
      summary: `Restored ${done.restored} (${done.verified}); the replaced database ${done.replaced ? `is the backup ${done.replaced}` : `could not be verified (${done.replacedCheck})`}.`,
      counts: { databases: 1 },
      undo: done.replaced ? { action_id: 'restore-backup', params: { file: done.replaced }, title: 'Put back the database this restore replaced' } : null,
    };
  },
});
