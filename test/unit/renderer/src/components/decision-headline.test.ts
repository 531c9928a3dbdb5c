import { describe, expect, it } from 'vitest';
import { decisionHeadline } from '../../../../../src/renderer/src/components/decision-headline';

describe('decisionHeadline', () => {
  it('a payment reads as amount with currency and the customer', () => {
    expect(decisionHeadline({ decision_type: 'payment_fraud_check', inputs: { amount: 15000, currency: 'EUR', customer_id: 'c-1' } })).toEqual({
      subject: 'c-1',
      amount: '15,000 EUR',
      line: '15,000 EUR · c-1',
    });
  });

  it('a reconciliation reads as the claimed amount, the affiliate and the platform', () => {
    expect(decisionHeadline({ decision_type: 'reconciliation', inputs: { affiliate_id: 'aff-9', platform: 'impact', claimed_amount: 120.5, reported_amount: null } }).line).toBe(
      '120.5 claimed · aff-9 · impact',
    );
  });

  it('an agent call reads as the tool and the agent, with no amount', () => {
    const h = decisionHeadline({ decision_type: 'agent_tool_call', inputs: { agent_id: 'agent-7', tool: 'redline_tool' } });
    expect(h).toEqual({ subject: 'agent-7', amount: null, line: 'redline_tool · agent-7' });
  });

  it('missing or odd fields leave gaps out instead of printing undefined', () => {
    expect(decisionHeadline({ decision_type: 'payment_fraud_check', inputs: { customer_id: { nested: true } } }).line).toBe('');
  });
});
