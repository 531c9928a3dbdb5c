import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { RemovedJobsFileName } from '../../../shared/schemas/removed-jobs';
import { formatRemovedJobs, parseRemovedJobs } from '../domain/removed-jobs-file';
import type { RemovedJobsFiles } from '../ports/removed-jobs-files';
import { ensurePrivateDir } from './private-files';

/** The folder of the data dir that holds purged and discarded jobs (the kind is in each file's name and lines). */
export const REMOVED_JOBS_DIR = 'purged';
/** The largest file a restore reads; a purge or discard whose file would be larger is refused before it removes anything. */
export const REMOVED_JOBS_MAX_BYTES = 64 * 1024 * 1024;
const RESTORED = '.restored';

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

function validName(name: string): string {
  const parsed = RemovedJobsFileName.safeParse(name);
  if (!parsed.success) throw new AppError('bad_request', `"${name.slice(0, 100)}" is not the bare name of a purge or discard file (e.g. purged-20260101T120000000Z-0123456789ab.jsonl)`);
  return parsed.data;
}

/** Writes `content` to `file` durably: a temporary name first (0600 from its first byte), fsync'd, renamed, the folder fsync'd. */
function writeDurably(dir: string, file: string, content: string): void {
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temp, file);
  const dirFd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

/** The removed-jobs files in `<dataDir>/purged/`: private to the data dir's owner, like everything else there. */
export function removedJobsDir(dataDir: string, maxBytes = REMOVED_JOBS_MAX_BYTES): RemovedJobsFiles {
  const dir = path.join(dataDir, REMOVED_JOBS_DIR);
  const ready = () => {
    ensurePrivateDir(dir);
    if (!fs.lstatSync(dir).isDirectory()) throw new AppError('internal', `${dir} is not a directory of its own (a symlink?); the files of removed jobs are not kept there`);
  };
  return {
    async write(kind, workspaceId, jobs, at) {
      const content = formatRemovedJobs(kind, workspaceId, jobs, at);
      if (Buffer.byteLength(content) > maxBytes) {
        throw new AppError('payload_too_large', `the ${jobs.length} job(s) make a file over ${maxBytes} bytes, more than a restore reads; remove fewer at once`);
      }
      ready();
      const stamp = new Date(at).toISOString().replace(/[-:.]/g, '');
      const name = `${kind}-${stamp}-${randomBytes(6).toString('hex')}.jsonl`;
      writeDurably(dir, path.join(dir, name), content);
      return name;
    },

    async read(name, workspaceId) {
      const file = path.join(dir, validName(name));
      let fd: number;
      try {
        // O_NOFOLLOW: a symlink planted under a valid name is refused, never followed out of the folder.
        fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      } catch (error) {
        if (errno(error) === 'ELOOP') throw new AppError('bad_request', `${name} is a symlink, not a file this engine wrote; nothing was restored`);
        if (errno(error) !== 'ENOENT') throw error;
        if (fs.existsSync(file + RESTORED)) throw new AppError('conflict', `${name} was restored already; its jobs are not put back twice`);
        throw new AppError('not_found', `no file ${name} in the data dir of this engine (${REMOVED_JOBS_DIR}/)`);
      }
      try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) throw new AppError('bad_request', `${name} is not a regular file; nothing was restored`);
        if (stat.size > maxBytes) throw new AppError('bad_request', `${name} is ${stat.size} bytes, more than the ${maxBytes} a purge writes; nothing was restored`);
        return parseRemovedJobs(name, fs.readFileSync(fd, 'utf8'), workspaceId);
      } finally {
        fs.closeSync(fd);
      }
    },

    async markRestored(name) {
      const file = path.join(dir, validName(name));
      try {
        // One rename wins: a second restore of the same file, here or in another process on this data dir, finds none.
        fs.renameSync(file, file + RESTORED);
      } catch (error) {
        if (errno(error) === 'ENOENT') throw new AppError('conflict', `${name} is being restored or was restored already; nothing was restored twice`);
        throw error;
      }
    },
  };
}
