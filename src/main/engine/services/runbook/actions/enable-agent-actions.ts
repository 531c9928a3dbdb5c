import { NoParams } from '../../../../../shared/schemas/runbook';
import { agentActionsDisabled, setAgentActionsDisabled } from '../agent-actions-switch';
import { defineAction, singlePreview } from './action';

export const enableAgentActions = defineAction({
  id: 'enable-agent-actions',
  title: 'Allow agent actions again',
  description: 'Lift the kill switch: agent tool calls are judged by the policy again from the next batch on. Undo: disable-agent-actions.',
  scope: 'system',
  params: NoParams,
  async preview(ctx) {
    if (!(await agentActionsDisabled(ctx.kv))) return singlePreview('Agent actions are not switched off: nothing changes.', { switches: 0 }, 'agent-actions');
    return singlePreview('Agent tool calls are judged by the policy again from the next batch on.', { switches: 1 }, 'agent-actions');
  },
  async run(ctx, _params, preview, progress) {
    const touched = preview.touches.counts.switches ?? 0;
    if (touched > 0) await setAgentActionsDisabled(ctx.kv, { disabled: false, by: ctx.caller.name, reason: ctx.reason, at: ctx.deps.clock.now() });
    progress(1, 1);
    return {
      summary: touched > 0 ? 'Agent actions are allowed again.' : 'Agent actions were not switched off.',
      counts: { switches: touched },
      undo: touched > 0 ? { action_id: 'disable-agent-actions', params: {}, title: 'Stop all agent actions (kill switch)' } : null,
    };
  },
});
