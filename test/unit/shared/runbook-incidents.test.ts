import { describe, expect, it } from 'vitest';
import { parseRunbookIncidents } from '../../../src/shared/runbook-incidents';

const doc = (...lines: string[]) => lines.join('\n');

describe('parseRunbookIncidents', () => {
  it('reads each runbook block with its ids in order and the heading above it as the title', () => {
    const parsed = parseRunbookIncidents(doc(
      '# Runbook',
      '### Decisions stuck in processing',
      'Prose for a person.',
      '```runbook',
      'incident: decisions-stuck-in-processing',
      'checks: queue-depth, live-workers',
      'actions: resume-worker',
      '```',
      '### Disk full',
      '```runbook',
      'incident: disk-full',
      'checks: disk-space',
      'actions: none yet',
      '```',
    ));
    expect(parsed.errors).toEqual([]);
    expect(parsed.incidents).toEqual([
      { id: 'decisions-stuck-in-processing', title: 'Decisions stuck in processing', symptoms: 'Prose for a person.', checks: ['queue-depth', 'live-workers'], actions: ['resume-worker'], line: 4 },
      { id: 'disk-full', title: 'Disk full', symptoms: '', checks: ['disk-space'], actions: [], line: 10 },
    ]);
  });

  it('keeps the prose between the heading and the block as the symptoms, and not the prose of an earlier section', () => {
    const parsed = parseRunbookIncidents(doc(
      '## Incidents',
      'Intro that belongs to no incident.',
      '### Poisoned job',
      '',
      'You see: one job fails every attempt.',
      '',
      'Retry it with `retry-dead-letters` once fixed.',
      '```runbook',
      'incident: poisoned-job',
      'checks: failure-rate',
      'actions: none yet',
      '```',
      'Trailing prose after the block.',
    ));
    expect(parsed.incidents.map((i) => i.symptoms)).toEqual(['You see: one job fails every attempt.\n\nRetry it with `retry-dead-letters` once fixed.']);
  });

  it('ignores other code blocks, and does not take a # line inside one for a heading', () => {
    const parsed = parseRunbookIncidents(doc(
      '## Alert storm',
      '```sh',
      '# a shell comment',
      'incident: not-a-block',
      '```',
      '```runbook',
      'incident: alert-storm',
      'checks: alert-engine',
      'actions: none yet',
      '```',
    ));
    expect(parsed.errors).toEqual([]);
    expect(parsed.incidents.map((i) => [i.id, i.title])).toEqual([['alert-storm', 'Alert storm']]);
  });

  it('reports a missing key, an unknown key and a key written twice, naming the line, and drops the block', () => {
    const parsed = parseRunbookIncidents(doc(
      '```runbook',
      'incident: a',
      'checks: x',
      'checks: y',
      'fixes: z',
      '```',
    ));
    expect(parsed.incidents).toEqual([]);
    expect(parsed.errors).toEqual([
      'runbook block at line 1: "checks" is written twice',
      'runbook block at line 1: "fixes: z" is not one of incident:, checks:, actions:',
      'runbook block at line 1: "actions:" is missing',
    ]);
  });

  it('rejects ids that are not kebab-case, an empty list and actions written as prose', () => {
    const parsed = parseRunbookIncidents(doc(
      '```runbook',
      'incident: Disk Full',
      'checks:',
      'actions: TBD',
      '```',
      '```runbook',
      'incident: ok-id',
      'checks: queue-depth,, live_workers',
      'actions: pause the worker',
      '```',
    ));
    expect(parsed.incidents).toEqual([]);
    expect(parsed.errors).toEqual([
      'runbook block at line 1: incident "Disk Full" is not a kebab-case id',
      'runbook block at line 1: checks must be a comma-separated list of ids, not ""',
      'runbook block at line 1: actions must be ids or "none yet", not "TBD"',
      'runbook block at line 6: checks must be a comma-separated list of ids, not "", "live_workers"',
      'runbook block at line 6: actions must be ids or "none yet", not "pause the worker"',
    ]);
  });

  it('reports an incident described twice and a block never closed', () => {
    const block = ['```runbook', 'incident: a', 'checks: x', 'actions: none yet', '```'];
    const parsed = parseRunbookIncidents(doc(...block, ...block, '```runbook', 'incident: b'));
    expect(parsed.incidents.map((i) => i.id)).toEqual(['a', 'a']);
    expect(parsed.errors).toEqual(['runbook block at line 11 is never closed', 'runbook block at line 6: incident "a" is described twice']);
  });
});
