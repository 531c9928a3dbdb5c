import { describe, expect, it } from 'vitest';
import { demoWorkload } from '../../../../../src/main/engine/demo/workload';
import { loadtestRequest } from '../../../../../src/main/engine/demo/loadtest-workload';

describe('loadtestRequest', () => {
  const workload = demoWorkload();

  it('cycles the demo workload, keeping its type and inputs and the demo label', () => {
    const first = loadtestRequest(workload, 'r1', 0);
    const lapped = loadtestRequest(workload, 'r1', workload.length);
    expect([first.decision_type, first.inputs]).toEqual([workload[0]!.decision_type, workload[0]!.inputs]);
    expect(lapped.inputs).toEqual(first.inputs);
    expect(first.task_id).toMatch(/^demo-lt-r1-0-/);
    expect(lapped.task_id).toMatch(/^demo-lt-r1-1-/);
  });

  it('never repeats an idempotency key within a run or across runs', () => {
    const keys = new Set<string>();
    for (let i = 0; i < workload.length * 3; i += 1) keys.add(loadtestRequest(workload, 'a', i).client_request_id!);
    for (let i = 0; i < workload.length; i += 1) keys.add(loadtestRequest(workload, 'b', i).client_request_id!);
    expect(keys.size).toBe(workload.length * 4);
  });
});
