import fs from 'node:fs';
import path from 'node:path';
import type { CheckReport } from '../../../shared/schemas/checks';
import { AppError } from '../../../shared/errors';
import { backendMode, configFromEnv, type EngineConfig } from '../config';
import { ADMIN_KEY_FILE, DATABASE_FILE, createEngine } from '../engine';
import { createLogger } from '../adapters/logger';
import { UsageError } from './args';

/*
 * `decisionos check [id...]`: runs the runbook checks and prints one line per check. Exit 1 when a check fails
 * (warn is 0), 2 on a usage error (an unknown id). Against --url, or the local engine's port; when nothing
 * answers there, an engine is started in this process on the data dir (no port, no worker) to run them.
 */

export interface CheckOptions {
  url?: string;
  key?: string;
  json?: boolean;
  dataDir?: string;
}

/** Nothing listens there: the local engine is not running. */
class NotAnswering extends Error {}

async function overHttp(url: string, key: string, ids: string[]): Promise<CheckReport> {
  const target = new URL('/api/runbook/checks', url);
  if (ids.length) target.searchParams.set('ids', ids.join(','));
  let response: Response;
  try {
    response = await fetch(target, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED') throw new NotAnswering(`nothing answers at ${url}`);
    throw new Error(`${target.origin}: ${(error as Error).message}`, { cause: error });
  }
  const body = (await response.json().catch(() => null)) as (CheckReport & { error?: { code: string; message: string } }) | null;
  if (response.ok && body) return body;
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  if (body?.error?.code === 'validation_failed') throw new UsageError(message);
  throw new Error(`${target.origin} answered ${response.status}: ${message}`);
}

/** The checks through an engine started here: no listening port, no worker, stopped afterwards. */
async function inProcess(config: EngineConfig, ids: string[]): Promise<CheckReport> {
  if (backendMode(config) === 'embedded' && !fs.existsSync(path.join(config.dataDir, DATABASE_FILE))) {
    throw new Error(`no engine answers at http://127.0.0.1:${config.port} and ${config.dataDir} holds no database`);
  }
  const handle = createEngine({ ...config, workerConcurrency: 0 }, { listen: false, logger: createLogger({ production: config.production, level: 'silent' }) });
  try {
    const engine = await handle.start();
    const key = fs.readFileSync(path.join(config.dataDir, ADMIN_KEY_FILE), 'utf8').trim();
    const result = await engine.dispatch('runChecks', ids.length ? { ids: ids.join(',') } : {}, { key });
    return result.body;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
    throw error;
  } finally {
    await handle.stop();
  }
}

function localKey(config: EngineConfig): string {
  const file = path.join(config.dataDir, ADMIN_KEY_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`no --key given and no ${file}: pass --key`);
  return fs.readFileSync(file, 'utf8').trim();
}

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatReport(report: CheckReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length), 2);
  const lines = report.checks.map((c) => `${MARK[c.status]}  ${c.id.padEnd(width)}  ${c.summary}`);
  const count = (s: keyof typeof MARK) => report.checks.filter((c) => c.status === s).length;
  return `${lines.join('\n')}\n\n${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail (${report.at})\n`;
}

export async function checkCommand(ids: string[], o: CheckOptions): Promise<number> {
  let report: CheckReport;
  if (o.url) {
    if (!o.key) throw new UsageError('--url needs --key (an API key with the read scope)');
    report = await overHttp(o.url, o.key, ids);
  } else {
    const config = configFromEnv(process.env, { dataDir: o.dataDir });
    try {
      report = await overHttp(`http://127.0.0.1:${config.port}`, o.key ?? localKey(config), ids);
    } catch (error) {
      if (!(error instanceof NotAnswering)) throw error;
      report = await inProcess(config, ids);
    }
  }
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
}
