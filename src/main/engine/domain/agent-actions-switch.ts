import type { DecisionType, Finding } from '../../../shared/schemas/decision';

/** The finding every agent tool call gets while an operator has agent actions switched off. */
export const ACTIONS_DISABLED: Finding = {
  code: 'actions_disabled',
  severity: 'critical',
  kind: 'redline',
  rule_id: 'runbook.agent_actions_disabled',
  message: 'Agent actions are switched off by an operator (disable-agent-actions): every agent tool call is blocked until enable-agent-actions.',
};

/**
 * The kill switch applied to a judged decision's (ordered) findings: while it is on, an agent tool call gets
 * ACTIONS_DISABLED first, so it is blocked and its block reason is the switch, whatever the policy found.
 */
export function withAgentActionsSwitch(decisionType: DecisionType, findings: Finding[], actionsDisabled: boolean): Finding[] {
  if (!actionsDisabled || decisionType !== 'agent_tool_call') return findings;
  return [ACTIONS_DISABLED, ...findings];
}
