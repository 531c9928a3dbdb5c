import type { DecisionView } from '../../../shared/schemas/decision';

export interface DecisionHeadline {
  /** Who or what the decision is about: a customer, an affiliate, an agent. */
  subject: string;
  /** The money at stake, formatted with its currency, or null (agent calls). */
  amount: string | null;
  /** One line for a list row: amount and subject, or the agent's tool. */
  line: string;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const money = (amount: unknown, currency: unknown) =>
  typeof amount === 'number' ? `${amount.toLocaleString('en', { maximumFractionDigits: 2 })}${currency ? ` ${text(currency)}` : ''}` : null;

/** What a reviewer needs to tell decisions apart at a glance, from the inputs each decision type has. */
export function decisionHeadline(d: Pick<DecisionView, 'decision_type' | 'inputs'>): DecisionHeadline {
  const i = d.inputs as Record<string, unknown>;
  switch (d.decision_type) {
    case 'payment_fraud_check': {
      const amount = money(i.amount, i.currency);
      const subject = text(i.customer_id);
      return { subject, amount, line: [amount, subject].filter(Boolean).join(' · ') };
    }
    case 'reconciliation': {
      const amount = money(i.claimed_amount, null);
      const subject = text(i.affiliate_id);
      return { subject, amount, line: [amount ? `${amount} claimed` : null, subject, text(i.platform)].filter(Boolean).join(' · ') };
    }
    case 'agent_tool_call': {
      const subject = text(i.agent_id);
      return { subject, amount: null, line: [text(i.tool), subject].filter(Boolean).join(' · ') };
    }
  }
}
