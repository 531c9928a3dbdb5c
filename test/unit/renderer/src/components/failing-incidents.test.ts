import { describe, expect, it } from 'vitest';
import { failingIncidents } from '../../../../../src/renderer/src/components/failing-incidents';
import type { CheckResult } from '../../../../../src/shared/schemas/checks';

const incident = (id: string, checks: string[]) => ({ id, title: id, symptoms: '', checks, actions: [] });
const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, title: id, status, summary: '', numbers: {}, duration_ms: 1 });

describe('failingIncidents', () => {
  const incidents = [incident('stuck', ['queue-depth', 'live-workers']), incident('disk-full', ['disk-space']), incident('queue-climbing', ['queue-depth'])];

  it('names every incident one of whose checks fails, with those checks, in the runbook order', () => {
    const found = failingIncidents(incidents, [check('queue-depth', 'fail'), check('live-workers', 'pass'), check('disk-space', 'pass')]);
    expect(found.map((f) => [f.incident.id, f.failing.map((c) => c.id)])).toEqual([['stuck', ['queue-depth']], ['queue-climbing', ['queue-depth']]]);
  });

  it('names none when checks only warn or pass, or were not run', () => {
    expect(failingIncidents(incidents, [check('queue-depth', 'warn'), check('disk-space', 'pass')])).toEqual([]);
    expect(failingIncidents(incidents, [])).toEqual([]);
  });
});
