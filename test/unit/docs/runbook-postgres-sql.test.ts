import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUNBOOK_SQL_POSTGRES } from '../../contract/runbook-sql';

const runbook = fs.readFileSync(path.join(import.meta.dirname, '../../../RUNBOOK.md'), 'utf8');

describe('RUNBOOK.md: the Postgres diagnostics', () => {
  it('carries every statement that runbook-sql.postgres.test.ts runs, verbatim', () => {
    for (const [name, sql] of Object.entries(RUNBOOK_SQL_POSTGRES)) expect(runbook.includes(sql), name).toBe(true);
  });
});
