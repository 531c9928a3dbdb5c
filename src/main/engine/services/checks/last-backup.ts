import type { Check } from './check';

export const lastBackup: Check = {
  id: 'last-backup',
  title: 'Last successful backup age',
  async run() {
    // The engine has no backup feature yet, so there is no backup it could vouch for.
    return {
      status: 'warn',
      summary: 'No backup has been taken: this version of the engine cannot take backups itself yet, so copy the database with the tools of its backend.',
      numbers: { last_backup_at: null },
    };
  },
};
