import { AppError } from '../../../shared/errors';
import type { DecisionPage, DecisionView, ListDecisionsInput } from '../../../shared/schemas/decision';
import type { ListTasksInput, TaskPage, TaskSummary, TraceInput, TracePage } from '../../../shared/schemas/audit';
import type { Principal } from '../ports/records';
import type { ServiceDeps } from './deps';
import { decodeCursor } from '../domain/cursor';

export async function getDecision(deps: ServiceDeps, principal: Principal, decisionId: string): Promise<DecisionView> {
  const decision = await deps.store.getDecision(principal.workspaceId, decisionId);
  // Another workspace's id is answered exactly like an unknown one.
  if (!decision) throw new AppError('not_found', `no decision ${decisionId}`);
  return decision;
}

export async function listDecisions(deps: ServiceDeps, principal: Principal, input: ListDecisionsInput): Promise<DecisionPage> {
  const before = input.cursor ? decodeCursor<{ t: number; id: string }>(input.cursor, { t: 'number', id: 'string' }) : null;
  return deps.store.listDecisions(principal.workspaceId, input, before ? { createdAt: before.t, id: before.id } : null);
}

export async function listTasks(deps: ServiceDeps, principal: Principal, input: ListTasksInput): Promise<TaskPage> {
  const before = input.cursor ? decodeCursor<{ t: number; id: string }>(input.cursor, { t: 'number', id: 'string' }) : null;
  return deps.store.listTasks(principal.workspaceId, input, before ? { updatedAt: before.t, id: before.id } : null);
}

export async function getTaskSummary(deps: ServiceDeps, principal: Principal, taskId: string): Promise<TaskSummary> {
  const summary = await deps.store.getTaskSummary(principal.workspaceId, taskId);
  if (!summary) throw new AppError('not_found', `no task ${taskId}`);
  return summary;
}

/** A task's audit events in write order. The cursor is the last sequence number seen, so pages stay stable while events arrive. */
export async function getTrace(deps: ServiceDeps, principal: Principal, input: TraceInput): Promise<TracePage> {
  const after = input.cursor ? decodeCursor<{ s: number }>(input.cursor, { s: 'number' }).s : 0;
  const page = await deps.store.getTrace({ workspaceId: principal.workspaceId, taskId: input.task_id, afterSeq: after, limit: input.limit });
  if (!page) throw new AppError('not_found', `no task ${input.task_id}`);
  return page;
}
