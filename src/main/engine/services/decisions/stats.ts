import type { BlockedReasons, BlockedReasonsInput, BlockedTasks, BlockedTasksInput, DecisionLag, DecisionTypes, WindowInput } from '../../../../shared/schemas/stats';
import { windowToMs } from '../../../../shared/window';
import type { Principal } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { histogramPercentile } from '../../domain/lag-histogram';

export async function blockedReasons(deps: ServiceDeps, principal: Principal, input: BlockedReasonsInput): Promise<BlockedReasons> {
  const since = deps.clock.now() - windowToMs(input.window);
  return { window: input.window, ...(await deps.store.blockedReasons(principal.workspaceId, since, input.top_n)) };
}

export async function blockedTasks(deps: ServiceDeps, principal: Principal, input: BlockedTasksInput): Promise<BlockedTasks> {
  return deps.store.blockedTasks(principal.workspaceId, input.top_n);
}

export async function decisionLag(deps: ServiceDeps, principal: Principal, input: WindowInput): Promise<DecisionLag> {
  const since = deps.clock.now() - windowToMs(input.window);
  const h = await deps.store.lagHistogram(principal.workspaceId, since);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    window: input.window,
    count: h.count,
    avg_ms: h.count ? round(h.sum / h.count) : null,
    p50_ms: histogramPercentile(h, 50),
    p95_ms: histogramPercentile(h, 95),
    p99_ms: histogramPercentile(h, 99),
    max_ms: round(h.max),
  };
}

export async function decisionTypes(deps: ServiceDeps, principal: Principal, input: WindowInput): Promise<DecisionTypes> {
  const since = deps.clock.now() - windowToMs(input.window);
  return { window: input.window, ...(await deps.store.decisionTypes(principal.workspaceId, since)) };
}
