import { NoParams } from '../../../../../shared/schemas/runbook';
import { agentActionsDisabled, setAgentActionsDisabled } from '../agent-actions-switch';
import { defineAction, singlePreview } from './action';

export const disableAgentActions = defineAction({
  id: 'disable-agent-actions',
  title: 'Stop all agent actions (kill switch)',
  description: 'Every agent_tool_call judged from the next batch on is blocked with finding actions_disabled, on every worker process, until enable-agent-actions.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (await agentActionsDisabled(ctx.kv)) return singlePreview('Agent actions are already switched off: nothing changes.', { switches: 0 }, 'agent-actions');
    return singlePreview('Every agent tool call judged from now on is blocked (actions_disabled) until enable-agent-actions.', { switches: 1 }, 'agent-actions');
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.switches ?? 0;
    if (touched > 0) await setAgentActionsDisabled(ctx.kv, { disabled: true, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? 'Agent actions are switched off: every agent tool call is blocked.' : 'Agent actions were already switched off.',
      counts: { switches: touched },
      undo: touched > 0 ? { action_id: 'enable-agent-actions', params: {}, title: 'Allow agent actions again' } : null,
    };
  },
});
