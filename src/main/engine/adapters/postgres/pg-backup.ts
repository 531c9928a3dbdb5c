import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import { redactUrl } from '../../domain/redact-url';
import type { DatabaseBackup } from '../../ports/database-backup';

interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The password travels in PGPASSWORD, not on the command line, where `ps` would show it to every user. */
function connection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL client tool; null when it is not on PATH. */
function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ToolRun | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? resolve(null) : reject(error)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const shellQuoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The commands an operator runs by hand where this process has no pg_dump / pg_restore. */
export function pgBackupCommand(databaseUrl: string, file: string): string {
  return `pg_dump --format=custom --file=${shellQuoted(file)} --dbname=${shellQuoted(redactUrl(databaseUrl))}`;
}
export function pgRestoreCommand(databaseUrl: string, file: string): string {
  return `pg_restore --clean --if-exists --single-transaction --no-owner --exit-on-error --dbname=${shellQuoted(redactUrl(databaseUrl))} ${shellQuoted(file)}`;
}

function missing(tool: 'pg_dump' | 'pg_restore', command: string, databaseUrl: string): string {
  const password = new URL(databaseUrl).password ? ' (with the password of DATABASE_URL in PGPASSWORD)' : '';
  return `${tool} is not on the PATH of this DecisionOS process, so it cannot do this itself: run \`${command}\`${password} on a machine with the PostgreSQL client tools.`;
}

/** Backups of the Postgres store with pg_dump's custom format; restores with pg_restore --clean, in one transaction. */
export function createPgBackup(databaseUrl: string): DatabaseBackup {
  const { dbname, env } = connection(databaseUrl);
  const available = async (tool: 'pg_dump' | 'pg_restore') => (await runTool(tool, ['--version'], env)) !== null;
  const failed = (tool: string, run: ToolRun) => new AppError('internal', `${tool} exited with ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);

  const dump = async (file: string) => {
    const run = await runTool('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${dbname}`], env);
    if (run === null) throw new AppError('invalid_state', missing('pg_dump', pgBackupCommand(databaseUrl, file), databaseUrl));
    if (run.code !== 0) throw failed('pg_dump', run);
  };

  return {
    extension: async () => 'dump',
    async manualStep(kind, file) {
      if (kind === 'backup') return (await available('pg_dump')) ? null : missing('pg_dump', pgBackupCommand(databaseUrl, file), databaseUrl);
      const lacking: string[] = [];
      for (const tool of ['pg_dump', 'pg_restore'] as const) if (!(await available(tool))) lacking.push(tool);
      if (lacking.length === 0) return null;
      // A restore by hand keeps a copy of what it replaces too, under a name of its own (never the backup's).
      const keep = path.join(path.dirname(file), 'decisionos-replaced-by-hand.dump');
      const password = new URL(databaseUrl).password ? ' (with the password of DATABASE_URL in PGPASSWORD)' : '';
      return `${lacking.join(' and ')} ${lacking.length > 1 ? 'are' : 'is'} not on the PATH of this DecisionOS process, so it cannot restore itself: run \`${pgBackupCommand(databaseUrl, keep)}\` and then \`${pgRestoreCommand(databaseUrl, file)}\`${password} on a machine with the PostgreSQL client tools, with the workers paused.`;
    },
    async verify(file) {
      if (!fs.existsSync(file)) return { ok: false, detail: `${file} does not exist`, schemaVersion: null };
      const run = await runTool('pg_restore', ['--list', file], env);
      if (run === null) return { ok: false, detail: missing('pg_restore', `pg_restore --list ${shellQuoted(file)}`, databaseUrl), schemaVersion: null };
      if (run.code !== 0) return { ok: false, detail: `pg_restore --list failed: ${run.stderr.trim()}`, schemaVersion: null };
      const entries = run.stdout.split('\n').filter((line) => /^\d+;/.test(line)).length;
      if (entries === 0) return { ok: false, detail: 'pg_restore --list: the archive holds no entries', schemaVersion: null };
      return { ok: true, detail: `pg_restore --list: ${entries} archive entries`, schemaVersion: null };
    },
    async copyTo(file, progress) {
      // pg_dump says nothing about its progress: one step.
      progress?.(0, 1);
      await dump(file);
      progress?.(1, 1);
      return { bytes: fs.statSync(file).size };
    },
    async restoreFrom(file, replacedFile) {
      if (!(await available('pg_restore'))) throw new AppError('invalid_state', missing('pg_restore', pgRestoreCommand(databaseUrl, file), databaseUrl));
      await dump(replacedFile);
      const run = await runTool('pg_restore', ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--exit-on-error', `--dbname=${dbname}`, file], env);
      if (run === null) throw new AppError('invalid_state', missing('pg_restore', pgRestoreCommand(databaseUrl, file), databaseUrl));
      if (run.code !== 0) throw failed('pg_restore', run);
    },
  };
}
