import type { SubmitDecisionInput } from '../../../shared/schemas/decision';
import { seededRandom } from '../../../shared/seeded-random';


/**
 * The demo workload: ordinary traffic of all three decision types with the cases a reviewer should see
 * (hard-limit and sanctioned payments, a velocity burst, overclaims, missing reports, redline tools and
 * non-allowlisted tools). Everything is labelled: task ids and request ids start with `demo-` and every
 * input carries `"demo": true`.
 */
export function demoWorkload(seed = 7): SubmitDecisionInput[] {
  const r = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
  const out: SubmitDecisionInput[] = [];
  let n = 0;
  const id = () => `demo-${String(++n).padStart(4, '0')}`;
  const countries = ['DE', 'FR', 'US', 'GB', 'NL', 'ES'] as const;

  for (let i = 0; i < 260; i += 1) {
    const card = pick(countries);
    const mismatch = r() < 0.08;
    let amount = Math.round(Math.exp(3.8 + r() * 1.6) * 100) / 100;
    if (i % 37 === 0) amount = 12_000 + Math.round(r() * 20_000);
    if (i % 97 === 0) amount = 60_000 + Math.round(r() * 10_000);
    out.push({
      decision_type: 'payment_fraud_check',
      task_id: `demo-pay-${String(i).padStart(4, '0')}`,
      client_request_id: id(),
      inputs: {
        demo: true,
        amount,
        currency: 'EUR',
        customer_id: `demo-cust-${Math.floor(r() * 80)}`,
        merchant_id: `demo-merchant-${Math.floor(r() * 12)}`,
        card_country: card,
        ip_country: i % 113 === 5 ? 'KP' : mismatch ? pick(countries.filter((c) => c !== card)) : card,
      },
    });
  }
  for (let i = 0; i < 8; i += 1) {
    out.push({
      decision_type: 'payment_fraud_check',
      task_id: `demo-pay-burst-${i}`,
      client_request_id: id(),
      inputs: { demo: true, amount: 49.9, currency: 'EUR', customer_id: 'demo-cust-burst', card_country: 'DE', ip_country: 'DE' },
    });
  }
  for (let i = 0; i < 120; i += 1) {
    const claimed = Math.round(200 + r() * 4_800);
    const roll = r();
    const reported = roll < 0.08 ? null : roll < 0.2 ? Math.round(claimed / 1.8) : roll < 0.35 ? Math.round(claimed / 1.25) : claimed;
    out.push({
      decision_type: 'reconciliation',
      task_id: `demo-recon-${String(i).padStart(4, '0')}`,
      client_request_id: id(),
      inputs: {
        demo: true,
        affiliate_id: `demo-aff-${Math.floor(r() * 30)}`,
        platform: pick(['youtube', 'tiktok', 'instagram']),
        claimed_amount: claimed,
        reported_amount: reported,
        period: '2026-11',
      },
    });
  }
  const tools = ['gmail.send', 'outlook.send', 'task.create', 'calendar.create', 'crm.update', 'shell.exec', 'fs.delete'] as const;
  for (let session = 0; session < 10; session += 1) {
    const calls = session === 3 ? 24 : 12;
    for (let c = 0; c < calls; c += 1) {
      const tool = session === 3 ? 'gmail.send' : r() < 0.7 ? pick(tools.slice(0, 3)) : pick(tools);
      out.push({
        decision_type: 'agent_tool_call',
        task_id: `demo-agent-session-${session}`,
        client_request_id: id(),
        inputs: {
          demo: true,
          agent_id: `demo-agent-${session}`,
          tool,
          arguments: { note: c === 2 && session === 1 ? '<img src=x onerror=alert(1)>' : `step ${c}` },
          requested_by: 'demo-user',
        },
      });
    }
  }
  return out;
}
