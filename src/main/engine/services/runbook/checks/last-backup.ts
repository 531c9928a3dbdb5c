import { newestBackup } from '../../../domain/backup-files';
import type { Check } from './check';
import { iso } from './check';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The age lines: a day and a week, or, with DECISIONOS_BACKUP_EVERY, two and four missed runs. */
export function backupAgeLimits(everyMs: number | null): { warnMs: number; failMs: number } {
  return everyMs === null ? { warnMs: DAY, failMs: 7 * DAY } : { warnMs: 2 * everyMs, failMs: 4 * everyMs };
}

const hours = (ms: number) => Math.round((ms / HOUR) * 10) / 10;

export const lastBackup: Check = {
  id: 'last-backup',
  title: 'Last successful backup age',
  async run({ backups, now }) {
    const files = await backups.dir.list();
    const newest = newestBackup(files.map((f) => f.name));
    const { warnMs, failMs } = backupAgeLimits(backups.everyMs);
    const lines = `warn over ${hours(warnMs)} h, fail over ${hours(failMs)} h${backups.everyMs === null ? '' : ' (from DECISIONOS_BACKUP_EVERY)'}`;
    if (!newest) {
      return {
        status: 'warn',
        summary: `No verified backup in ${backups.dir.path}: run the action backup-now${backups.everyMs === null ? ', and set DECISIONOS_BACKUP_EVERY for a schedule' : ''}.`,
        numbers: { last_backup_at: null, age_hours: null, backups: 0, newest: null },
      };
    }
    const age = Math.max(0, now - newest.at);
    const status = age > failMs ? 'fail' : age > warnMs ? 'warn' : 'pass';
    return {
      status,
      summary: `The newest verified backup, ${newest.name}, is ${hours(age)} h old (${lines}); ${files.length} backup(s) in ${backups.dir.path}.`,
      numbers: { last_backup_at: iso(newest.at), age_hours: hours(age), backups: files.length, newest: newest.name },
    };
  },
};
