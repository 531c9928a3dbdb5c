import { z } from 'zod';
import { AppError } from '../../../../../shared/errors';
import { hasScope } from '../../../../../shared/scopes';
import type { JsonObject } from '../../../../../shared/schemas/common';
import type { ActionList, ActionPreview, ActionRunResult, PreviewActionInput, RunActionInput } from '../../../../../shared/schemas/runbook';
import { SYSTEM_WORKSPACE } from '../../../ports/audit-store';
import type { Caller } from '../../../ports/records';
import { opsAuditEvent } from '../../audit-events';
import type { ActionContext, ActionServices, PreviewOf, Progress, RunbookAction, RunOutcome } from './action';
import { ACTIONS, findAction } from './registry';

export function listActions(): ActionList {
  return {
    items: ACTIONS.map((a) => ({
      id: a.id,
      title: a.title,
      description: a.description,
      scope: a.scope,
      params_schema: z.toJSONSchema(a.params, { io: 'input', unrepresentable: 'any' }) as JsonObject,
    })),
  };
}

/** The action, once the caller is known to hold its scope (else 403 and nothing runs). */
function permitted(caller: Caller, id: string): RunbookAction {
  const action = findAction(id);
  if (!hasScope(caller.scopes, action.scope)) {
    throw new AppError('forbidden', `this key lacks the '${action.scope}' scope needed for the runbook action ${id}`);
  }
  return action;
}

function parsed(action: RunbookAction, raw: Record<string, unknown>): JsonObject {
  const result = action.params.safeParse(raw);
  if (!result.success) {
    throw new AppError('validation_failed', `params of ${action.id}: ${result.error.issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}

const stamped = (action: RunbookAction, p: PreviewOf): ActionPreview => ({ action_id: action.id, ...p });

export async function previewAction(services: ActionServices, caller: Caller, input: PreviewActionInput): Promise<ActionPreview> {
  const action = permitted(caller, input.action_id);
  const params = parsed(action, input.params);
  return stamped(action, await action.preview({ ...services, caller, reason: '' }, params));
}

/**
 * Previews again (what the run touches is what a preview says now: run with the preview's pinned params), checks a
 * destructive action's typed confirmation against it, runs, and writes one RUNBOOK_ACTION event, also when the
 * run fails part way.
 */
export async function runAction(services: ActionServices, caller: Caller, input: RunActionInput, onProgress?: Progress): Promise<ActionRunResult> {
  const action = permitted(caller, input.action_id);
  const params = parsed(action, input.params);
  const ctx: ActionContext = { ...services, caller, reason: input.reason };
  const preview = await action.preview(ctx, params);
  if (preview.destructive) {
    if (input.confirm === undefined) throw new AppError('bad_request', `${action.id} cannot be undone: confirm it by sending confirm "${preview.confirm}" (${preview.summary})`);
    if (input.confirm !== preview.confirm) {
      throw new AppError('conflict', `the confirmation "${input.confirm}" does not match the preview now ("${preview.confirm}": ${preview.summary}); preview again`);
    }
  }
  const { clock } = services.deps;
  const started = clock.now();
  let progress = { done: 0, total: preview.touches.total };
  const report: Progress = (done, total) => {
    progress = { done, total };
    onProgress?.(done, total);
  };
  const audit = (outcome: RunOutcome | { error: string }, durationMs: number) =>
    opsAuditEvent('RUNBOOK_ACTION', {
      // An action on what every workspace shares is on every workspace's timeline.
      workspaceId: action.scope === 'system' ? SYSTEM_WORKSPACE : caller.workspaceId,
      actor: caller.name,
      target: action.id,
      at: clock.now(),
      requestId: caller.requestId,
      payload: {
        action: action.id,
        reason: input.reason,
        params,
        preview: { summary: preview.summary, counts: preview.touches.counts, ids: preview.touches.ids, total: preview.touches.total },
        result: 'error' in outcome ? { error: outcome.error, progress } : { summary: outcome.summary, counts: outcome.counts, undo: outcome.undo, progress },
        duration_ms: durationMs,
        key_id: caller.keyId,
        workspace_id: caller.workspaceId,
      },
    });
  let outcome: RunOutcome;
  try {
    outcome = await action.run(ctx, params, preview, report);
  } catch (error) {
    await services.deps.store.appendOpsAudit(audit({ error: error instanceof Error ? error.message : String(error) }, clock.now() - started));
    throw error;
  }
  const durationMs = clock.now() - started;
  const event = audit(outcome, durationMs);
  await services.deps.store.appendOpsAudit(event);
  return {
    action_id: action.id,
    summary: outcome.summary,
    counts: outcome.counts,
    progress,
    duration_ms: durationMs,
    audit_id: event.auditId,
    undo: outcome.undo,
    // Only here: the audit above records the summary, counts and undo, never the secret.
    ...(outcome.secret !== undefined ? { secret: outcome.secret } : {}),
  };
}
