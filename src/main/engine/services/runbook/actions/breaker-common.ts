import { AppError } from '../../../../../shared/errors';
import type { ActionUndo, BreakerParams } from '../../../../../shared/schemas/runbook';
import type { BreakerAction, BreakerSnapshot } from '../../../domain/breaker';
import { actOnBreaker } from '../../integrations/breaker-admin';
import { singlePreview, type ActionContext, type PreviewOf, type Progress, type RunOutcome } from './action';

const UNDO_TITLE = { 'breaker-force-open': 'Force the breaker open', 'breaker-force-close': 'Force the breaker closed', 'breaker-reset': 'Reset the breaker' } as const;

async function snapshotOf(ctx: ActionContext, integration: string): Promise<BreakerSnapshot> {
  if (!ctx.breakerAdmin.integrations.some((i) => i.name === integration)) throw new AppError('not_found', `no integration ${integration}`);
  return ctx.breakerAdmin.breakers.snapshot(integration);
}

const describe = (s: BreakerSnapshot) => (s.forced ? `forced ${s.forced}` : s.state);

/** The action that puts a breaker back as it was: its force, or a reset when it was not forced. */
function undoFor(before: BreakerSnapshot, integration: string): ActionUndo {
  const id = before.forced === 'open' ? 'breaker-force-open' : before.forced === 'closed' ? 'breaker-force-close' : 'breaker-reset';
  return { action_id: id, params: { integration }, title: UNDO_TITLE[id] };
}

export async function previewBreaker(ctx: ActionContext, params: BreakerParams, what: string): Promise<PreviewOf> {
  const before = await snapshotOf(ctx, params.integration);
  return singlePreview(`Breaker ${params.integration} (now ${describe(before)}): ${what}`, { breakers: 1 }, params.integration, params);
}

export async function runBreaker(ctx: ActionContext, params: BreakerParams, action: BreakerAction, progress: Progress): Promise<RunOutcome> {
  const before = await snapshotOf(ctx, params.integration);
  const after = await actOnBreaker(ctx.breakerAdmin, ctx.caller, action, { integration: params.integration, reason: ctx.reason });
  progress(1, 1);
  return {
    summary: `Breaker ${params.integration}: ${describe(before)} → ${after.forced ? `forced ${after.forced}` : after.state}.`,
    counts: { breakers: 1 },
    // Undoing is putting the breaker back as it was; when that is what this action does, there is nothing to undo.
    undo: undoFor(before, params.integration).action_id === `breaker-${action}` ? null : undoFor(before, params.integration),
  };
}
