import type { CheckReport } from '../../../shared/schemas/checks';
import { AppError } from '../../../shared/errors';
import { UsageError } from './args';
import { connectToEngine } from './engine-connection';

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

const MARK = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' } as const;

export function formatReport(report: CheckReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length), 2);
  const lines = report.checks.map((c) => `${MARK[c.status]}  ${c.id.padEnd(width)}  ${c.summary}`);
  const count = (s: keyof typeof MARK) => report.checks.filter((c) => c.status === s).length;
  return `${lines.join('\n')}\n\n${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail (${report.at})\n`;
}

export async function checkCommand(ids: string[], o: CheckOptions): Promise<number> {
  const engine = connectToEngine({ ...o, keyNeeds: 'the read scope' });
  let report: CheckReport;
  try {
    report = await engine.call('runChecks', ids.length ? { ids: ids.join(',') } : {});
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw new UsageError(error.message);
    throw error;
  } finally {
    await engine.close();
  }
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.checks.some((c) => c.status === 'fail') ? 1 : 0;
}
