import { describe, expect, it } from 'vitest';
import { runChecks, selectChecks } from '../../../../../../../src/main/engine/services/runbook/checks/run-checks';
import { CHECKS, CHECK_IDS } from '../../../../../../../src/main/engine/services/runbook/checks/registry';
import type { Check } from '../../../../../../../src/main/engine/services/runbook/checks/check';
import type { Principal } from '../../../../../../../src/main/engine/ports/records';
import { context } from './fake-sources';

const principal = { workspaceId: 'ws', keyId: 'k', name: 'ops', scopes: ['read'] } as Principal;

describe('the check registry', () => {
  it('has unique kebab-case ids and a title for every check', () => {
    expect(new Set(CHECK_IDS).size).toBe(CHECKS.length);
    for (const c of CHECKS) {
      expect(c.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(c.title.length).toBeGreaterThan(3);
    }
  });

  it('selects the ids asked for, in registry order, and refuses unknown ids naming the known ones', () => {
    expect(selectChecks('breakers, queue-depth').map((c) => c.id)).toEqual(['queue-depth', 'breakers']);
    expect(selectChecks(undefined)).toHaveLength(CHECKS.length);
    expect(() => selectChecks('queue-depth,nope')).toThrow(/unknown check\(s\): nope \(known: queue-depth, /);
  });
});

describe('runChecks', () => {
  const hangs: Check = { id: 'hangs', title: 'Never answers', run: () => new Promise(() => undefined) };
  const throws: Check = { id: 'throws', title: 'Throws', run: async () => { throw new Error('store gone'); } };
  const fine: Check = { id: 'fine', title: 'Fine', run: async () => ({ status: 'pass', summary: 'ok', numbers: { n: 1 } }) };

  it('reports a check that hangs as failed after the timeout instead of holding the report, and runs the others at once', async () => {
    const started = Date.now();
    const report = await runChecks(context(), principal, undefined, { timeoutMs: 50, registry: [hangs, fine] });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([['hangs', 'fail'], ['fine', 'pass']]);
    expect(report.checks[0]?.summary).toBe('The check did not answer within 50 ms.');
  });

  it('reports a check that throws as failed with its error', async () => {
    const report = await runChecks(context(), principal, 'throws', { registry: [throws, fine] });
    expect(report.checks).toEqual([expect.objectContaining({ id: 'throws', status: 'fail', summary: 'The check failed: store gone.' })]);
  });

  it('runs every registered check against a healthy engine without a fail', async () => {
    const report = await runChecks(context({ store: { indexNames: async () => ['idx_task_audits_task_id', 'idx_task_audits_decision_id', 'idx_task_audits_created_at', 'idx_task_audits_event_type', 'idx_task_events_task_id', 'idx_task_events_created_at', 'idx_supervisor_inbox_task_id', 'idx_supervisor_inbox_status'] } }), principal, undefined);
    expect(report.checks.map((c) => c.id)).toEqual(CHECK_IDS);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });
});
