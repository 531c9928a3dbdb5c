import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_STATUSES } from '../../../../src/shared/schemas/decision';
import { TASK_STATUSES } from '../../../../src/shared/schemas/audit';

const ENGINE = path.resolve(__dirname, '../../../../src/main/engine');

function sources(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file: path.relative(ENGINE, file), text: fs.readFileSync(file, 'utf8') }));
}

const offenders = (pattern: RegExp, except: string[] = [], dir = ENGINE) =>
  sources(dir).filter((s) => !except.includes(s.file) && pattern.test(s.text)).map((s) => s.file);

describe('engine conventions (issue 9: one way to do each thing)', () => {
  it('builds the not-found answer for decisions and tasks only in domain/require-found', () => {
    expect(offenders(/'not_found',\s*`no (decision|task) \$/, ['domain/require-found.ts'])).toEqual([]);
  });

  it('builds ops audit records only with opsAuditEvent()', () => {
    expect(offenders(/newId\(\s*'ops'/, ['services/audit-events.ts'])).toEqual([]);
    expect(offenders(/appendOpsAudit\(\s*\{/)).toEqual([]);
  });

  it('leaves decision and task status rules to the domain: adapters compare no status in code', () => {
    const statuses = [...DECISION_STATUSES, ...TASK_STATUSES].join('|');
    const comparison = new RegExp(`[!=]==\\s*'(${statuses})'|'(${statuses})'\\s*[!=]==|\\?\\s*'(${statuses})'\\s*:`);
    expect(offenders(comparison, [], path.join(ENGINE, 'adapters'))).toEqual([]);
  });
});
