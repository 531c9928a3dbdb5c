import { describe, expect, it } from 'vitest';
import { SignalEngine } from '../../../../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../../../../src/main/engine/adapters/memory-signal-history';
import type { SignalRequest } from '../../../../../src/main/engine/domain/signals';
import type { JsonObject } from '../../../../../src/shared/schemas/common';
import type { DecisionType } from '../../../../../src/shared/schemas/decision';

const T0 = 1_700_000_000_000;

let sequence = 0;
function request(decisionType: DecisionType, inputs: JsonObject, eventTime = T0, workspaceId = 'ws-1'): SignalRequest {
  sequence += 1;
  return { decisionId: `d-${sequence}`, workspaceId, decisionType, inputs, eventTime };
}

const payment = (amount: number, extra: JsonObject = {}): JsonObject => ({ amount, currency: 'USD', customer_id: 'cust-1', ...extra });
const recon = (claimed: number, reported: number | null, extra: JsonObject = {}): JsonObject => ({
  affiliate_id: 'aff-1',
  claimed_amount: claimed,
  reported_amount: reported,
  ...extra,
});

/** Feeds `n` payments alternating around 100 (a stable baseline with non-zero spread), one per customer. */
async function warmUp(engine: SignalEngine, n: number, decisionType: DecisionType = 'payment_fraud_check', workspaceId = 'ws-1'): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const amount = i % 2 === 0 ? 95 : 105;
    const inputs =
      decisionType === 'reconciliation'
        ? recon(amount, amount, { affiliate_id: `aff-${i}` })
        : payment(amount, { customer_id: `cust-${i}` });
    await engine.compute(request(decisionType, inputs, T0 + i * 1_000, workspaceId));
  }
}

describe('SignalEngine: amount z-score', () => {
  it('is 0 for every one of the first 30 samples, however far out the amount is', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 29);
    const thirtieth = await engine.compute(request('payment_fraud_check', payment(1_000_000)));
    expect(thirtieth.baseline_samples).toBe(30);
    expect(thirtieth.amount_zscore).toBe(0);
  });

  it('is 3 or more for an outlier after a stable baseline of 30 samples', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 30);
    const signals = await engine.compute(request('payment_fraud_check', payment(1_000)));
    expect(signals.baseline_samples).toBe(31);
    expect(signals.amount_zscore as number).toBeGreaterThanOrEqual(3);
  });

  it('stays below 3 for an amount inside the usual spread', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 40);
    const signals = await engine.compute(request('payment_fraud_check', payment(102)));
    expect(Math.abs(signals.amount_zscore as number)).toBeLessThan(3);
  });

  it('keeps a separate baseline per workspace', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 40, 'payment_fraud_check', 'ws-a');
    const other = await engine.compute(request('payment_fraud_check', payment(1_000), T0, 'ws-b'));
    expect(other.baseline_samples).toBe(1);
    expect(other.amount_zscore).toBe(0);
  });

  it('keeps a separate baseline per decision type', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 40, 'payment_fraud_check');
    const claim = await engine.compute(request('reconciliation', recon(1_000, 1_000)));
    expect(claim.baseline_samples).toBe(1);
    expect(claim.amount_zscore).toBe(0);
  });

  it('scores the claimed amount of a reconciliation against its baseline', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 30, 'reconciliation');
    const claim = await engine.compute(request('reconciliation', recon(5_000, 5_000)));
    expect(claim.amount_zscore as number).toBeGreaterThanOrEqual(3);
  });
});

describe('SignalEngine: velocity_1m', () => {
  it('counts events per subject within 60 s, this one included', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const counts: unknown[] = [];
    for (const offset of [0, 10_000, 20_000, 59_000]) counts.push((await engine.compute(request('payment_fraud_check', payment(10), T0 + offset))).velocity_1m);
    expect(counts).toEqual([1, 2, 3, 4]);
  });

  it('forgets events older than 60 s', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await engine.compute(request('payment_fraud_check', payment(10), T0));
    await engine.compute(request('payment_fraud_check', payment(10), T0 + 30_000));
    const later = await engine.compute(request('payment_fraud_check', payment(10), T0 + 61_000));
    expect(later.velocity_1m).toBe(2);
    const muchLater = await engine.compute(request('payment_fraud_check', payment(10), T0 + 200_000));
    expect(muchLater.velocity_1m).toBe(1);
  });

  it('counts each customer separately', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'a' }), T0));
    await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'a' }), T0 + 1));
    const b = await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'b' }), T0 + 2));
    const a = await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'a' }), T0 + 3));
    expect(b.velocity_1m).toBe(1);
    expect(a.velocity_1m).toBe(3);
  });

  it('counts per affiliate for reconciliations and per agent for tool calls', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await engine.compute(request('reconciliation', recon(1, 1, { affiliate_id: 'x' }), T0));
    const second = await engine.compute(request('reconciliation', recon(1, 1, { affiliate_id: 'x' }), T0 + 1));
    const otherAffiliate = await engine.compute(request('reconciliation', recon(1, 1, { affiliate_id: 'y' }), T0 + 2));
    expect([second.velocity_1m, otherAffiliate.velocity_1m]).toEqual([2, 1]);

    await engine.compute(request('agent_tool_call', { agent_id: 'bot', tool: 'a.b' }, T0));
    const agentSecond = await engine.compute(request('agent_tool_call', { agent_id: 'bot', tool: 'c.d' }, T0 + 1));
    expect(agentSecond.velocity_1m).toBe(2);
  });

  it('does not share counts between workspaces', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await engine.compute(request('payment_fraud_check', payment(10), T0, 'ws-a'));
    const other = await engine.compute(request('payment_fraud_check', payment(10), T0 + 1, 'ws-b'));
    expect(other.velocity_1m).toBe(1);
  });
});

describe('SignalEngine: payment', () => {
  it('flags a country mismatch only when both countries are given and differ', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const differ = await engine.compute(request('payment_fraud_check', payment(10, { card_country: 'US', ip_country: 'DE' })));
    const same = await engine.compute(request('payment_fraud_check', payment(10, { card_country: 'US', ip_country: 'US' })));
    const oneMissing = await engine.compute(request('payment_fraud_check', payment(10, { card_country: 'US' })));
    expect([differ.country_mismatch, same.country_mismatch, oneMissing.country_mismatch]).toEqual([true, false, false]);
  });

  it('echoes the amount', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    expect((await engine.compute(request('payment_fraud_check', payment(123.45)))).amount).toBe(123.45);
  });

  it('raises risk for a country mismatch', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const plain = await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'a' })));
    const mismatch = await engine.compute(request('payment_fraud_check', payment(10, { customer_id: 'b', card_country: 'US', ip_country: 'DE' })));
    expect(mismatch.risk_score as number).toBeGreaterThan(plain.risk_score as number);
  });
});

describe('SignalEngine: reconciliation', () => {
  it('gives an overclaim ratio of 0.5 for claimed 150 against reported 100', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('reconciliation', recon(150, 100)));
    expect(signals.overclaim_ratio).toBe(0.5);
    expect(signals.discrepancy).toBe(50);
    expect(signals.report_missing).toBe(false);
  });

  it('marks the report missing when reported_amount is null', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('reconciliation', recon(150, null)));
    expect(signals.report_missing).toBe(true);
    expect(signals.discrepancy).toBeNull();
    expect(signals.overclaim_ratio).toBe(0);
  });

  it('gives a ratio of 1 for a positive claim against a zero report', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('reconciliation', recon(25, 0)));
    expect(signals.overclaim_ratio).toBe(1);
  });

  it('gives a ratio of 0 for a zero claim against a zero report', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('reconciliation', recon(0, 0)));
    expect(signals.overclaim_ratio).toBe(0);
  });

  it('never gives a negative ratio for an underclaim', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('reconciliation', recon(80, 100)));
    expect(signals.overclaim_ratio).toBe(0);
    expect(signals.discrepancy).toBe(-20);
  });
});

describe('SignalEngine: affiliate trust', () => {
  it('scores an affiliate by the share of its reports that were neither overclaimed (ratio over 0.1) nor missing', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const reports = [recon(100, 100), recon(111, 100), recon(150, null), recon(110, 100)];
    let last = {};
    for (const inputs of reports) last = await engine.compute(request('reconciliation', inputs));
    // 111 over 100 is overclaimed; 110 over 100 (exactly the tolerance) is not; the null report is missing.
    expect(last).toMatchObject({ affiliate_trust_score: 0.5, affiliate_overclaimed_share: 0.25, affiliate_missing_share: 0.25, affiliate_trust_reports: 4 });
  });

  it('keeps one window per affiliate and per workspace', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await engine.compute(request('reconciliation', recon(500, 100, { affiliate_id: 'bad' })));
    const clean = await engine.compute(request('reconciliation', recon(100, 100, { affiliate_id: 'good' })));
    const elsewhere = await engine.compute(request('reconciliation', recon(100, 100, { affiliate_id: 'bad' }), T0, 'ws-2'));
    expect([clean.affiliate_trust_score, clean.affiliate_trust_reports]).toEqual([1, 1]);
    expect([elsewhere.affiliate_trust_score, elsewhere.affiliate_trust_reports]).toEqual([1, 1]);
  });

  it('counts a retried decision once', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    const overclaim = { ...request('reconciliation', recon(500, 100)), decisionId: 'd-retried' };
    await engine.compute(overclaim);
    const again = await engine.compute(overclaim);
    expect([again.affiliate_trust_score, again.affiliate_trust_reports]).toEqual([0, 1]);
  });
});

describe('SignalEngine: agent_tool_call', () => {
  it('marks a tool allowed exactly when it is in allowedActions', async () => {
    const engine = new SignalEngine({ allowedActions: ['search.web', 'crm.read'] }, createMemorySignalHistory());
    const allowed = await engine.compute(request('agent_tool_call', { agent_id: 'a', tool: 'crm.read' }));
    const denied = await engine.compute(request('agent_tool_call', { agent_id: 'a', tool: 'crm.write' }));
    expect(allowed.tool_allowed).toBe(true);
    expect(denied.tool_allowed).toBe(false);
  });

  it('allows nothing when allowedActions is empty', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    expect((await engine.compute(request('agent_tool_call', { agent_id: 'a', tool: 'search.web' }))).tool_allowed).toBe(false);
  });

  it('reports the tool and its namespace', async () => {
    const signals = await new SignalEngine({ allowedActions: [] }, createMemorySignalHistory()).compute(request('agent_tool_call', { agent_id: 'a', tool: 'fs.delete' }));
    expect(signals.tool).toBe('fs.delete');
    expect(signals.tool_namespace).toBe('fs');
  });

  it('scores a tool off the allowlist riskier than one on it', async () => {
    const engine = new SignalEngine({ allowedActions: ['search.web'] }, createMemorySignalHistory());
    const on = await engine.compute(request('agent_tool_call', { agent_id: 'a', tool: 'search.web' }));
    const off = await engine.compute(request('agent_tool_call', { agent_id: 'b', tool: 'email.send' }));
    expect(off.risk_score as number).toBeGreaterThan(on.risk_score as number);
  });
});

describe('SignalEngine: risk_score', () => {
  it('stays within 0..1 for extreme payments, claims and tool-call bursts', async () => {
    const engine = new SignalEngine({ allowedActions: [] }, createMemorySignalHistory());
    await warmUp(engine, 30, 'payment_fraud_check');
    await warmUp(engine, 30, 'reconciliation');
    const scores: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const t = T0 + 100_000 + i;
      scores.push(
        (await engine.compute(request('payment_fraud_check', payment(1e9, { customer_id: 'burst', card_country: 'US', ip_country: 'RU' }), t))).risk_score as number,
        (await engine.compute(request('payment_fraud_check', payment(0, { customer_id: 'tiny' }), t))).risk_score as number,
        (await engine.compute(request('reconciliation', recon(1e9, 1, { affiliate_id: 'burst' }), t))).risk_score as number,
        (await engine.compute(request('reconciliation', recon(0, 1e9, { affiliate_id: 'under' }), t))).risk_score as number,
        (await engine.compute(request('reconciliation', recon(1e6, null, { affiliate_id: 'none' }), t))).risk_score as number,
        (await engine.compute(request('agent_tool_call', { agent_id: 'bot', tool: 'shell.exec' }, t))).risk_score as number,
      );
    }
    expect(Math.max(...scores)).toBeLessThanOrEqual(1);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    // The extremes actually reach the clamp, so the bounds are exercised rather than never approached.
    expect(Math.max(...scores)).toBe(1);
  });
});
