import { describe, expect, it } from 'vitest';
import { formatRemovedJobs, parseRemovedJobs } from '../../../../../src/main/engine/domain/removed-jobs-file';
import type { RemovedJob } from '../../../../../src/shared/schemas/removed-jobs';

const NAME = 'purged-20260105T120000000Z-0123456789ab.jsonl';
const AT = Date.UTC(2026, 0, 5, 12);

const job = (n: number, over: Partial<RemovedJob> = {}): RemovedJob => ({
  kind: 'purged',
  job_id: `job-${n}`,
  decision_id: `dec-${n}`,
  task_id: `task-${n}`,
  workspace_id: 'ws-a',
  decision_type: 'payment_fraud_check',
  inputs: { amount: 10 + n, currency: 'EUR', customer_id: `c-${n}`, note: 'ü\n"quoted"' },
  priority: 2,
  source_event_ts: null,
  enqueued_at: new Date(AT - 60_000).toISOString(),
  removed_at: new Date(AT).toISOString(),
  actor: 'ann',
  reason: 'bad batch',
  decision_error: 'purged by an operator (ann): bad batch',
  ...over,
});

const codeAndMessage = (fn: () => unknown): [string, string] => {
  try {
    fn();
  } catch (error) {
    return [(error as { code: string }).code, (error as Error).message];
  }
  return ['none', ''];
};

describe('the removed-jobs file', () => {
  it('reads back exactly the jobs it was written with, a header first and one line per job', () => {
    const jobs = [job(1), job(2), job(3)];
    const text = formatRemovedJobs('purged', 'ws-a', jobs, AT);
    expect(text.split('\n')).toHaveLength(5);
    expect(JSON.parse(text.split('\n')[0] as string)).toEqual({ format: 'decisionos-removed-jobs/1', kind: 'purged', workspace_id: 'ws-a', jobs: 3, created_at: '2026-01-05T12:00:00.000Z' });
    expect(parseRemovedJobs(NAME, text, 'ws-a')).toEqual(jobs);
    expect(parseRemovedJobs(NAME, formatRemovedJobs('discarded', 'ws-a', [], AT), 'ws-a')).toEqual([]);
  });

  it('refuses the whole file when it is not complete and of this workspace, naming the line', () => {
    const text = formatRemovedJobs('purged', 'ws-a', [job(1), job(2)], AT);
    const lines = text.split('\n');
    const cases: [string, string, RegExp][] = [
      ['cut mid-line', text.slice(0, -5), /truncated: its last line is incomplete/],
      ['a job line dropped', `${lines[0]}\n${lines[1]}\n`, /counts 2 job\(s\), it holds 1/],
      ['another workspace', text, /another workspace/],
      ['no header', `${lines[1]}\n${lines[2]}\n`, /first line is not the header/],
      ['not JSON', `${lines[0]}\n${lines[1]}\n{nope\n`, /corrupt: line 3 is not JSON/],
      ['a job of another kind', `${lines[0]}\n${lines[1]}\n${JSON.stringify(job(2, { kind: 'discarded' }))}\n`, /corrupt: line 3/],
      ['a job of another workspace', `${lines[0]}\n${lines[1]}\n${JSON.stringify(job(2, { workspace_id: 'ws-b' }))}\n`, /corrupt: line 3/],
      ['one job twice', `${lines[0]}\n${lines[1]}\n${lines[1]}\n`, /corrupt: line 3/],
      ['an unknown field', `${lines[0]}\n${lines[1]}\n${JSON.stringify({ ...job(2), extra: 1 })}\n`, /corrupt: line 3/],
      ['empty', '', /truncated/],
    ];
    for (const [what, content, message] of cases) {
      const [code, text2] = codeAndMessage(() => parseRemovedJobs(NAME, content, what === 'another workspace' ? 'ws-b' : 'ws-a'));
      expect([what, code]).toEqual([what, 'bad_request']);
      expect(text2).toMatch(message);
      expect(text2).toMatch(/nothing was restored/);
    }
  });
});
