import type { SubmitDecisionInput } from '../../../shared/schemas/decision';

/**
 * The demo workload, cycled for a load test: request `i` is demo item `i mod n`, relabelled with the run and the
 * lap so a run never replays an earlier one's idempotency key or lands on its tasks. Ids keep the `demo-` label.
 */
export function loadtestRequest(workload: readonly SubmitDecisionInput[], run: string, i: number): SubmitDecisionInput {
  const item = workload[i % workload.length] as SubmitDecisionInput;
  const lap = Math.floor(i / workload.length);
  const label = (id: string) => id.replace(/^demo-/, `demo-lt-${run}-${lap}-`);
  return {
    ...item,
    ...(item.task_id ? { task_id: label(item.task_id) } : {}),
    ...(item.client_request_id ? { client_request_id: label(item.client_request_id) } : {}),
  };
}
