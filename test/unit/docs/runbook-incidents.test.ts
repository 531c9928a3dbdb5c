import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunbookIncidents } from '../../../src/shared/runbook-incidents';
import { CHECK_IDS } from '../../../src/main/engine/services/runbook/checks/registry';
import { ACTIONS } from '../../../src/main/engine/services/runbook/actions/registry';

const runbook = fs.readFileSync(path.join(import.meta.dirname, '../../../RUNBOOK.md'), 'utf8');
const { incidents, errors } = parseRunbookIncidents(runbook);
const ACTION_IDS = ACTIONS.map((a) => a.id);

/** The incidents issue 12 asks the runbook to cover. */
const REQUIRED_INCIDENTS = [
  'decisions-stuck-in-processing',
  'high-anomaly-or-review-rate',
  'task-stuck-in-blocked',
  'trace-missing-items',
  'high-decision-lag',
  'stats-endpoints-slow',
  'breaker-flapping',
  'vendor-outage',
  'alert-storm',
  'webhook-failures',
  'duplicate-execution-despite-idempotency',
  'queue-depth-climbing',
  'poisoned-job',
  'agent-doing-harm',
  'disk-full',
  'database-corrupted',
  'upgrade',
];

describe('RUNBOOK.md: the incidents', () => {
  it('has no malformed runbook block', () => {
    expect(errors).toEqual([]);
  });

  it('describes every incident of the list, each in its own block', () => {
    const ids = incidents.map((i) => i.id);
    expect(REQUIRED_INCIDENTS.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('names only checks the check registry has', () => {
    const unknown = incidents.flatMap((i) => i.checks.filter((c) => !CHECK_IDS.includes(c)).map((c) => `${i.id}: ${c}`));
    expect(unknown).toEqual([]);
  });

  it('names only actions the action registry has', () => {
    const unknown = incidents.flatMap((i) => i.actions.filter((a) => !ACTION_IDS.includes(a)).map((a) => `${i.id}: ${a}`));
    expect(unknown).toEqual([]);
  });

  it('puts every registered check in at least one incident', () => {
    const named = new Set(incidents.flatMap((i) => i.checks));
    expect(CHECK_IDS.filter((id) => !named.has(id))).toEqual([]);
  });

  it('puts every registered action in at least one incident', () => {
    const named = new Set(incidents.flatMap((i) => i.actions));
    expect(ACTION_IDS.filter((id) => !named.has(id))).toEqual([]);
  });

  it('gives each incident a heading of its own for the person reading it', () => {
    const titles = incidents.map((i) => i.title);
    expect(titles.filter((t) => t === null)).toEqual([]);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
