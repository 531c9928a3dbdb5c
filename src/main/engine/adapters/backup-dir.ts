import fs from 'node:fs';
import path from 'node:path';
import { isBackupName } from '../domain/backup-files';
import type { BackupDir } from '../ports/database-backup';
import { createPrivateFile, ensurePrivateDir, restrictFiles } from './private-files';

export const BACKUP_DIR = 'backups';

/** A backup's name or its `.partial` copy: a bare name, never a path (the params schema refuses others first). */
function bare(name: string): string {
  const plain = name.endsWith('.partial') ? name.slice(0, -'.partial'.length) : name;
  if (!isBackupName(plain) || path.basename(name) !== name) throw new Error(`not a backup file name: ${JSON.stringify(name)}`);
  return name;
}

/** `<data dir>/backups`, private like the data dir: the copies hold everything the database does. */
export function openBackupDir(dataDir: string): BackupDir {
  const dir = path.join(dataDir, BACKUP_DIR);
  const ensure = () => ensurePrivateDir(dir);
  const names = () => (fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  return {
    path: dir,
    async list() {
      return names()
        .filter(isBackupName)
        .flatMap((name) => {
          try {
            return [{ name, bytes: fs.statSync(path.join(dir, name)).size }];
          } catch {
            return []; // removed meanwhile
          }
        });
    },
    async pathOf(name) {
      ensure();
      const file = path.join(dir, bare(name));
      if (name.endsWith('.partial')) {
        fs.rmSync(file, { force: true });
        createPrivateFile(file);
      }
      return file;
    },
    async exists(name) {
      return fs.existsSync(path.join(dir, bare(name)));
    },
    async rename(from, to) {
      const target = path.join(dir, bare(to));
      // link + unlink instead of rename: rename would silently replace a backup that has the name already.
      fs.linkSync(path.join(dir, bare(from)), target);
      fs.unlinkSync(path.join(dir, from));
      restrictFiles([target]);
    },
    async remove(name) {
      fs.rmSync(path.join(dir, bare(name)), { force: true });
    },
    async removePartials() {
      const partials = names().filter((n) => n.endsWith('.partial') && isBackupName(n.slice(0, -'.partial'.length)));
      for (const name of partials) fs.rmSync(path.join(dir, name), { force: true });
      return partials.length;
    },
  };
}
