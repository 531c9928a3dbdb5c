import { describe, expect, it } from 'vitest';
import { failingChecks } from '../../../../../src/renderer/src/components/failing-checks';
import type { CheckResult } from '../../../../../src/shared/schemas/checks';

const incident = (id: string, checks: string[]) => ({ id, title: id, symptoms: '', checks, actions: [] });
const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, title: id, status, summary: '', numbers: {}, duration_ms: 1 });

describe('failingChecks', () => {
  const incidents = [incident('stuck', ['queue-depth', 'live-workers']), incident('disk-full', ['disk-space']), incident('queue-climbing', ['queue-depth'])];

  it('names each failing check once, with every incident that runs it, in the runbook order', () => {
    const found = failingChecks(incidents, [check('queue-depth', 'fail'), check('live-workers', 'pass'), check('disk-space', 'fail')]);
    expect(found.map((f) => [f.check.id, f.incidents.map((i) => i.id)])).toEqual([['queue-depth', ['stuck', 'queue-climbing']], ['disk-space', ['disk-full']]]);
  });

  it('names nothing when checks only warn or pass, or when no incident runs the failing check', () => {
    expect(failingChecks(incidents, [check('queue-depth', 'warn'), check('disk-space', 'pass')])).toEqual([]);
    expect(failingChecks(incidents, [check('last-backup', 'fail')])).toEqual([]);
  });
});
