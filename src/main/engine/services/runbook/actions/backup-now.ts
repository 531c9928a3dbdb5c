import { NoParams } from '../../../../../shared/schemas/runbook';
import { rotation } from '../../../domain/backup-files';
import { cannotBackUp, takeBackup } from '../backups/backups';
import { defineAction } from './action';

const mb = (bytes: number) => `${Math.round((bytes / 1_048_576) * 10) / 10} MB`;

export const backupNow = defineAction({
  id: 'backup-now',
  title: 'Back up the database now',
  description:
    'Copy the live database into the backup dir while it keeps serving (SQLite: the online backup API; Postgres: pg_dump), check the copy (PRAGMA integrity_check; pg_restore --list), and keep the newest DECISIONOS_BACKUP_KEEP. Nothing to undo: restore-backup puts a backup back.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    const { backups } = ctx;
    const size = await ctx.deps.store.sizeBytes();
    const removed = rotation((await backups.dir.list()).map((f) => f.name), backups.keep, 1).removed.map((r) => r.name);
    const manual = await cannotBackUp(backups);
    const rotating = removed.length > 0 ? `; the rotation (keep ${backups.keep}) then deletes ${removed.join(', ')}` : `; nothing is rotated away (keep ${backups.keep})`;
    return {
      summary: manual ?? `Copy the database (${mb(size)}) to ${backups.dir.path}/decisionos-<UTC time>.${await backups.backup.extension()}, verified before it gets its name${rotating}.`,
      touches: { counts: { backups: manual ? 0 : 1, removed: manual ? 0 : removed.length }, ids: removed, total: removed.length },
      destructive: false,
      confirm: null,
      params: {},
    };
  },
  async run(ctx, _params, _preview, progress) {
    const taken = await takeBackup(ctx.backups, progress);
    return {
      summary: `Backed up to ${ctx.backups.dir.path}/${taken.name} (${mb(taken.bytes)}; ${taken.verified})${taken.removed.length ? `; rotated away ${taken.removed.join(', ')}` : ''}.`,
      counts: { backups: 1, removed: taken.removed.length },
      undo: null,
    };
  },
});
