import type { BlockedReasons, BlockedReasonsInput, DecisionLag, DecisionTypes, WindowInput } from '../../../shared/schemas/stats';
import { windowToMs } from '../../../shared/window';
import type { Principal } from '../ports/records';
import type { ServiceDeps } from './deps';
import { summarize } from '../domain/percentiles';

export async function blockedReasons(deps: ServiceDeps, principal: Principal, input: BlockedReasonsInput): Promise<BlockedReasons> {
  const since = deps.clock.now() - windowToMs(input.window);
  return { window: input.window, ...(await deps.store.blockedReasons(principal.workspaceId, since, input.top_n)) };
}

export async function decisionLag(deps: ServiceDeps, principal: Principal, input: WindowInput): Promise<DecisionLag> {
  const since = deps.clock.now() - windowToMs(input.window);
  const s = summarize(await deps.store.lagValues(principal.workspaceId, since));
  return { window: input.window, count: s.count, avg_ms: s.avg, p50_ms: s.p50, p95_ms: s.p95, p99_ms: s.p99, max_ms: s.max };
}

export async function decisionTypes(deps: ServiceDeps, principal: Principal, input: WindowInput): Promise<DecisionTypes> {
  const since = deps.clock.now() - windowToMs(input.window);
  return { window: input.window, ...(await deps.store.decisionTypes(principal.workspaceId, since)) };
}
