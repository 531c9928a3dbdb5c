import { describe, expect, it } from 'vitest';
import { ACTIONS_DISABLED, withAgentActionsSwitch } from '../../../../../src/main/engine/domain/agent-actions-switch';
import { verdictFromFindings } from '../../../../../src/main/engine/domain/decision-lifecycle';
import type { Finding } from '../../../../../src/shared/schemas/decision';

const redline: Finding = { code: 'redline_tool', severity: 'critical', kind: 'redline', rule_id: 'agent.redline_tool', message: 'x' };

describe('the agent-action kill switch on findings', () => {
  it('puts actions_disabled first on an agent tool call while on, so it is blocked for that reason', () => {
    const findings = withAgentActionsSwitch('agent_tool_call', [redline], true);
    expect(findings.map((f) => f.code)).toEqual(['actions_disabled', 'redline_tool']);
    expect(verdictFromFindings(withAgentActionsSwitch('agent_tool_call', [], true))).toBe('blocked');
  });

  it('leaves other decision types, and every type while off, as the policy judged them', () => {
    expect(withAgentActionsSwitch('payment_fraud_check', [], true)).toEqual([]);
    expect(withAgentActionsSwitch('agent_tool_call', [redline], false)).toEqual([redline]);
    expect(ACTIONS_DISABLED.kind).toBe('redline');
  });
});
