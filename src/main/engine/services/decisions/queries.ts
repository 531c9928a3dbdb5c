import { requireDecision, requireTask } from '../../domain/require-found';
import type { DecisionPage, DecisionView, ListDecisionsInput } from '../../../../shared/schemas/decision';
import type { ListTasksInput, TaskPage, TaskSummary, TraceInput, TracePage } from '../../../../shared/schemas/audit';
import type { GetEntityInput, EntityView } from '../../../../shared/schemas/entity';
import type { Principal } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { decodeCursor } from '../../domain/cursor';
import { decodeDecisionListCursor } from '../../domain/decision-list-cursor';

export async function getDecision(deps: ServiceDeps, principal: Principal, decisionId: string): Promise<DecisionView> {
  return requireDecision(await deps.store.getDecision(principal.workspaceId, decisionId), decisionId);
}

export async function listDecisions(deps: ServiceDeps, principal: Principal, input: ListDecisionsInput): Promise<DecisionPage> {
  const after = input.cursor ? decodeDecisionListCursor(input.cursor, input.sort, input.order) : null;
  return deps.store.listDecisions(principal.workspaceId, input, after);
}

export async function listTasks(deps: ServiceDeps, principal: Principal, input: ListTasksInput): Promise<TaskPage> {
  const before = input.cursor ? decodeCursor<{ t: number; id: string }>(input.cursor, { t: 'number', id: 'string' }) : null;
  return deps.store.listTasks(principal.workspaceId, input, before ? { updatedAt: before.t, id: before.id } : null);
}

export async function getTaskSummary(deps: ServiceDeps, principal: Principal, taskId: string): Promise<TaskSummary> {
  return requireTask(await deps.store.getTaskSummary(principal.workspaceId, taskId), taskId);
}

/** A task's audit events in write order. The cursor is the last sequence number seen, so pages stay stable while events arrive. */
export async function getTrace(deps: ServiceDeps, principal: Principal, input: TraceInput): Promise<TracePage> {
  const after = input.cursor ? decodeCursor<{ s: number }>(input.cursor, { s: 'number' }).s : 0;
  const page = await deps.store.getTrace({ workspaceId: principal.workspaceId, taskId: input.task_id, afterSeq: after, limit: input.limit });
  return requireTask(page, input.task_id);
}

/** Every decision naming a customer, merchant, affiliate or agent; an id nothing names answers with zero counts. */
export async function getEntity(deps: ServiceDeps, principal: Principal, input: GetEntityInput): Promise<EntityView> {
  const before = input.cursor ? decodeCursor<{ t: number; id: string }>(input.cursor, { t: 'number', id: 'string' }) : null;
  return deps.store.getEntity(
    principal.workspaceId,
    { entityId: input.entity_id, kind: input.kind ?? null, limit: input.limit },
    before ? { createdAt: before.t, id: before.id } : null,
  );
}
