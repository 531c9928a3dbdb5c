import { describe, expect, it } from 'vitest';
import { Environment } from '@marcbachmann/cel-js';
import { compilePolicy, evaluatePolicy, policyHash, validatePolicy } from '../../../../../src/main/engine/domain/policy';
import type { CompiledPolicy } from '../../../../../src/main/engine/domain/policy';
import { DEFAULT_POLICY } from '../../../../../src/main/engine/domain/default-policy';
import { SignalEngine } from '../../../../../src/main/engine/domain/signals';
import { createMemorySignalHistory } from '../../../../../src/main/engine/adapters/memory-signal-history';
import { verdictFromFindings } from '../../../../../src/main/engine/domain/decision-lifecycle';
import { AppError } from '../../../../../src/shared/errors';
import type { DecisionType, Finding, Signals } from '../../../../../src/shared/schemas/decision';
import type { PolicyDocument, PolicyRule } from '../../../../../src/shared/schemas/policy';
import type { JsonObject } from '../../../../../src/shared/schemas/common';

const ALLOWED_TOOLS = ['search.web', 'crm.read'];

function rule(overrides: Partial<PolicyRule> & Pick<PolicyRule, 'id' | 'expression'>): PolicyRule {
  return {
    kind: 'threshold',
    applies_to: ['payment_fraud_check'],
    code: 'test_code',
    severity: 'medium',
    message: 'test rule',
    ...overrides,
  };
}

function doc(...rules: PolicyRule[]): PolicyDocument {
  return { name: 'test-policy', rules };
}

const compileDefault = (): CompiledPolicy => compilePolicy(DEFAULT_POLICY, 1, policyHash(DEFAULT_POLICY));

/** Payment signals as SignalEngine returns them for a quiet customer with no baseline yet. */
function paymentSignals(amount: number, overrides: Partial<Signals> = {}): Signals {
  return {
    amount,
    amount_zscore: 0,
    baseline_samples: 1,
    velocity_1m: 1,
    country_mismatch: false,
    risk_score: 0.05,
    ...overrides,
  };
}

let sequence = 0;

/** Decides one input with a fresh SignalEngine, the way the worker does. */
async function decideFresh(policy: CompiledPolicy, decisionType: DecisionType, inputs: JsonObject): Promise<Finding[]> {
  const engine = new SignalEngine({ allowedActions: ALLOWED_TOOLS }, createMemorySignalHistory());
  const signals = await engine.compute({ decisionId: `d-${(sequence += 1)}`, workspaceId: 'ws-1', decisionType, inputs, eventTime: 1_700_000_000_000 });
  return evaluatePolicy(policy, decisionType, inputs, signals);
}

function parserMessage(expression: string): string {
  const env = new Environment().registerVariable('inputs', 'map').registerVariable('signals', 'map');
  try {
    env.parse(expression);
  } catch (error) {
    return (error as Error).message.split('\n')[0] as string;
  }
  throw new Error(`expected ${expression} not to parse`);
}

describe('DEFAULT_POLICY', () => {
  it('validates with zero rule errors', () => {
    expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
  });

  it('compiles with rules for every decision type', () => {
    const compiled = compileDefault();
    for (const type of ['payment_fraud_check', 'reconciliation', 'agent_tool_call'] as const) {
      expect(compiled.rulesByType.get(type)?.length ?? 0).toBeGreaterThan(0);
    }
    const total = [...compiled.rulesByType.values()].reduce((n, list) => n + list.length, 0);
    expect(total).toBe(DEFAULT_POLICY.rules.reduce((n, r) => n + r.applies_to.length, 0));
  });

  it('carries the version and hash it was compiled with', () => {
    const hash = policyHash(DEFAULT_POLICY);
    const compiled = compilePolicy(DEFAULT_POLICY, 7, hash);
    expect(compiled.version).toBe(7);
    expect(compiled.hash).toBe(hash);
  });
});

describe('default policy: payment_fraud_check', () => {
  const policy = compileDefault();
  const base = { currency: 'USD', customer_id: 'cust-1', card_country: 'US', ip_country: 'US' };

  it('approves an ordinary domestic payment', () => {
    const inputs = { ...base, amount: 120 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(120));
    expect(findings).toEqual([]);
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('approves an ordinary payment when signals come from a fresh SignalEngine', async () => {
    const findings = await decideFresh(policy, 'payment_fraud_check', { ...base, amount: 250 });
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('sends a payment of 10,000 or more to review', () => {
    const inputs = { ...base, amount: 10_000 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(10_000));
    expect(findings.map((f) => f.code)).toEqual(['high_amount']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('sends an amount 3 or more standard deviations above the baseline to review', () => {
    const inputs = { ...base, amount: 900 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(900, { amount_zscore: 4.2 }));
    expect(findings.map((f) => f.code)).toEqual(['amount_anomaly']);
    expect(findings[0]?.kind).toBe('anomaly');
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('sends more than 5 payments per minute from one customer to review', () => {
    const inputs = { ...base, amount: 50 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(50, { velocity_1m: 6 }));
    expect(findings.map((f) => f.code)).toEqual(['velocity_spike']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('does not flag exactly 5 payments per minute', () => {
    const inputs = { ...base, amount: 50 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(50, { velocity_1m: 5 }));
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('sends a country mismatch on 1,000 or more to review but not on smaller amounts', () => {
    const inputs = { ...base, ip_country: 'FR', amount: 1_000 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(1_000, { country_mismatch: true }));
    expect(findings.map((f) => f.code)).toEqual(['country_mismatch']);
    expect(verdictFromFindings(findings)).toBe('needs_review');

    const small = { ...inputs, amount: 999 };
    const none = evaluatePolicy(policy, 'payment_fraud_check', small, paymentSignals(999, { country_mismatch: true }));
    expect(verdictFromFindings(none)).toBe('approved');
  });

  it('blocks a payment over the 50,000 hard limit', async () => {
    const findings = await decideFresh(policy, 'payment_fraud_check', { ...base, amount: 50_001 });
    expect(verdictFromFindings(findings)).toBe('blocked');
    expect(findings[0]?.code).toBe('amount_over_hard_limit');
  });

  it('blocks a payment from a sanctioned IP country', () => {
    const inputs = { ...base, ip_country: 'KP', amount: 20 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(20, { country_mismatch: true }));
    expect(verdictFromFindings(findings)).toBe('blocked');
    expect(findings[0]?.code).toBe('sanctioned_country');
  });

  it('blocks a payment with a sanctioned card country', () => {
    const inputs = { ...base, card_country: 'IR', amount: 20 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(20, { country_mismatch: true }));
    expect(findings[0]?.code).toBe('sanctioned_country');
    expect(verdictFromFindings(findings)).toBe('blocked');
  });

  it('evaluates the sanctioned-country rule without error when the countries are absent', () => {
    const inputs = { currency: 'USD', customer_id: 'cust-1', amount: 20 };
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, paymentSignals(20));
    expect(findings.filter((f) => f.code === 'rule_evaluation_error')).toEqual([]);
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('a redline hit blocks even when threshold and anomaly rules also hit', () => {
    const inputs = { ...base, ip_country: 'SY', amount: 60_000 };
    const signals = paymentSignals(60_000, { country_mismatch: true, amount_zscore: 9, velocity_1m: 12 });
    const findings = evaluatePolicy(policy, 'payment_fraud_check', inputs, signals);
    const kinds = new Set(findings.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['redline', 'threshold', 'anomaly']));
    expect(verdictFromFindings(findings)).toBe('blocked');
  });
});

describe('default policy: reconciliation', () => {
  const policy = compileDefault();
  const recon = (claimed: number, reported: number | null) => ({
    affiliate_id: 'aff-1',
    claimed_amount: claimed,
    reported_amount: reported,
  });

  it('approves a claim that matches the platform report', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(100, 100));
    expect(findings).toEqual([]);
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('approves an overclaim of exactly 10 %', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(110, 100));
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('sends an overclaim between 10 % and 50 % to review', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(130, 100));
    expect(findings.map((f) => f.code)).toEqual(['overclaim_suspected']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('sends an overclaim of exactly 50 % to review, not to block', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(150, 100));
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('sends a claim with no platform report to review', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(500, null));
    expect(findings.map((f) => f.code)).toEqual(['platform_report_missing']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('blocks an overclaim of more than 50 %', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(151, 100));
    expect(findings.map((f) => f.code)).toEqual(['overclaim']);
    expect(verdictFromFindings(findings)).toBe('blocked');
  });

  it('blocks a positive claim against a zero report', async () => {
    const findings = await decideFresh(policy, 'reconciliation', recon(10, 0));
    expect(findings[0]?.code).toBe('overclaim');
    expect(verdictFromFindings(findings)).toBe('blocked');
  });
});

describe('default policy: agent_tool_call', () => {
  const policy = compileDefault();
  const call = (tool: string) => ({ agent_id: 'agent-1', tool });

  it('approves an allowlisted tool', async () => {
    const findings = await decideFresh(policy, 'agent_tool_call', call('search.web'));
    expect(findings).toEqual([]);
    expect(verdictFromFindings(findings)).toBe('approved');
  });

  it('sends a tool that is not allowlisted to review', async () => {
    const findings = await decideFresh(policy, 'agent_tool_call', call('email.send'));
    expect(findings.map((f) => f.code)).toEqual(['tool_not_allowlisted']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('sends more than 20 calls per minute from one agent to review', () => {
    const signals: Signals = { tool: 'search.web', tool_namespace: 'search', tool_allowed: true, velocity_1m: 21, risk_score: 0.37 };
    const findings = evaluatePolicy(policy, 'agent_tool_call', call('search.web'), signals);
    expect(findings.map((f) => f.code)).toEqual(['agent_velocity_spike']);
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('blocks a redline tool', async () => {
    const findings = await decideFresh(policy, 'agent_tool_call', call('shell.exec'));
    expect(verdictFromFindings(findings)).toBe('blocked');
    expect(findings[0]?.code).toBe('redline_tool');
  });

  it('blocks a redline tool even when the workspace allowlists it', async () => {
    const engine = new SignalEngine({ allowedActions: ['fs.delete'] }, createMemorySignalHistory());
    const inputs = call('fs.delete');
    const signals = await engine.compute({ decisionId: 'd-agent', workspaceId: 'ws-1', decisionType: 'agent_tool_call', inputs, eventTime: 0 });
    expect(signals.tool_allowed).toBe(true);
    const findings = evaluatePolicy(policy, 'agent_tool_call', inputs, signals);
    expect(verdictFromFindings(findings)).toBe('blocked');
  });
});

describe('validatePolicy', () => {
  it('reports a broken CEL expression with its rule id and the parser message', () => {
    const expression = 'inputs.amount >';
    const errors = validatePolicy(doc(rule({ id: 'ok.rule', expression: 'inputs.amount > 1.0' }), rule({ id: 'broken.rule', expression })));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.rule_id).toBe('broken.rule');
    expect(errors[0]?.message).toContain(parserMessage(expression));
  });

  it('rejects an expression that is not a boolean', () => {
    const errors = validatePolicy(doc(rule({ id: 'sum', expression: 'inputs.amount + 1.0' })));
    expect(errors.map((e) => e.rule_id)).toEqual(['sum']);
    expect(errors[0]?.message).toMatch(/boolean/);
  });

  it('rejects a constant of the wrong type', () => {
    const errors = validatePolicy(doc(rule({ id: 'const', expression: '"yes"' })));
    expect(errors.map((e) => e.rule_id)).toEqual(['const']);
  });

  it('rejects duplicate rule ids', () => {
    const errors = validatePolicy(
      doc(rule({ id: 'same', expression: 'inputs.amount > 1.0' }), rule({ id: 'same', expression: 'inputs.amount > 2.0' })),
    );
    expect(errors).toEqual([{ rule_id: 'same', message: 'duplicate rule id' }]);
  });

  it('reports every broken rule, not just the first', () => {
    const errors = validatePolicy(
      doc(rule({ id: 'a', expression: '(((' }), rule({ id: 'b', expression: 'inputs.x > 1.0' }), rule({ id: 'c', expression: '1 + 1' })),
    );
    expect(errors.map((e) => e.rule_id)).toEqual(['a', 'c']);
  });

  it('rejects a reference to an undeclared variable', () => {
    const errors = validatePolicy(doc(rule({ id: 'undeclared', expression: 'customer.amount > 1.0' })));
    expect(errors.map((e) => e.rule_id)).toEqual(['undeclared']);
  });
});

describe('compilePolicy', () => {
  it('throws an invalid_policy AppError listing the broken rule', () => {
    const document = doc(rule({ id: 'good', expression: 'inputs.amount > 1.0' }), rule({ id: 'bad', expression: 'inputs.amount >' }));
    let caught: unknown;
    try {
      compilePolicy(document, 1, policyHash(document));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const appError = caught as AppError;
    expect(appError.code).toBe('invalid_policy');
    const details = appError.details as { rule_errors: { rule_id: string; message: string }[] };
    expect(details.rule_errors.map((e) => e.rule_id)).toEqual(['bad']);
    expect(details.rule_errors).toEqual(validatePolicy(document));
  });

  it('throws for duplicate rule ids', () => {
    const document = doc(rule({ id: 'dup', expression: 'inputs.amount > 1.0' }), rule({ id: 'dup', expression: 'inputs.amount > 1.0' }));
    expect(() => compilePolicy(document, 1, 'h')).toThrow(AppError);
  });

  it('indexes a rule under every decision type it applies to, and only those', () => {
    const shared = rule({ id: 'shared', expression: 'true', applies_to: ['payment_fraud_check', 'reconciliation'] });
    const compiled = compilePolicy(doc(shared), 1, 'h');
    expect(compiled.rulesByType.get('payment_fraud_check')?.map((c) => c.rule.id)).toEqual(['shared']);
    expect(compiled.rulesByType.get('reconciliation')?.map((c) => c.rule.id)).toEqual(['shared']);
    expect(compiled.rulesByType.has('agent_tool_call')).toBe(false);
  });
});

describe('evaluatePolicy', () => {
  it('turns a rule that throws on a missing key into a rule_evaluation_error anomaly', () => {
    const compiled = compilePolicy(doc(rule({ id: 'missing.key', expression: 'inputs.nothere > 1.0', kind: 'threshold' })), 1, 'h');
    const findings = evaluatePolicy(compiled, 'payment_fraud_check', { amount: 5 }, paymentSignals(5));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('rule_evaluation_error');
    expect(findings[0]?.kind).toBe('anomaly');
    expect(findings[0]?.rule_id).toBe('missing.key');
    expect(findings[0]?.message).toContain('missing.key');
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('turns a dynamically typed rule that returns a non-boolean into a rule_evaluation_error', () => {
    const compiled = compilePolicy(doc(rule({ id: 'dyn.number', expression: 'inputs.amount' })), 1, 'h');
    const findings = evaluatePolicy(compiled, 'payment_fraud_check', { amount: 5 }, paymentSignals(5));
    expect(findings.map((f) => [f.code, f.rule_id, f.kind])).toEqual([['rule_evaluation_error', 'dyn.number', 'anomaly']]);
  });

  it('keeps evaluating the other rules after one throws', () => {
    const compiled = compilePolicy(
      doc(rule({ id: 'throws', expression: 'inputs.nothere > 1.0' }), rule({ id: 'hits', expression: 'inputs.amount > 1.0', code: 'hit' })),
      1,
      'h',
    );
    const findings = evaluatePolicy(compiled, 'payment_fraud_check', { amount: 5 }, paymentSignals(5));
    expect(findings.map((f) => f.rule_id).sort()).toEqual(['hits', 'throws']);
  });

  it('copies the rule code, severity, message and kind into a hit finding', () => {
    const r = rule({ id: 'copy.me', expression: 'true', code: 'copied', severity: 'low', message: 'copied message', kind: 'anomaly' });
    const findings = evaluatePolicy(compilePolicy(doc(r), 1, 'h'), 'payment_fraud_check', {}, {});
    expect(findings).toEqual([{ code: r.code, severity: r.severity, message: r.message, rule_id: r.id, kind: r.kind }]);
  });

  it('runs no rules for a decision type the policy does not cover', () => {
    const compiled = compilePolicy(doc(rule({ id: 'always', expression: 'true' })), 1, 'h');
    expect(evaluatePolicy(compiled, 'reconciliation', {}, {})).toEqual([]);
  });

  it('exposes decision_type to rules', () => {
    const r = rule({ id: 'by.type', expression: 'decision_type == "reconciliation"', applies_to: ['payment_fraud_check', 'reconciliation'] });
    const compiled = compilePolicy(doc(r), 1, 'h');
    expect(evaluatePolicy(compiled, 'payment_fraud_check', {}, {})).toEqual([]);
    expect(evaluatePolicy(compiled, 'reconciliation', {}, {}).map((f) => f.rule_id)).toEqual(['by.type']);
  });

  it('orders findings redline first so findings[0] is the block reason', () => {
    const compiled = compilePolicy(
      doc(
        rule({ id: 'low.anomaly', expression: 'true', kind: 'anomaly', severity: 'critical', code: 'anomaly_code' }),
        rule({ id: 'mid.threshold', expression: 'true', kind: 'threshold', severity: 'critical', code: 'threshold_code' }),
        rule({ id: 'the.redline', expression: 'true', kind: 'redline', severity: 'low', code: 'redline_code' }),
      ),
      1,
      'h',
    );
    const findings = evaluatePolicy(compiled, 'payment_fraud_check', {}, {});
    expect(findings.map((f) => f.kind)).toEqual(['redline', 'threshold', 'anomaly']);
    expect(findings[0]?.code).toBe('redline_code');
  });

  it('orders findings of the same kind by severity, most severe first', () => {
    const compiled = compilePolicy(
      doc(
        rule({ id: 'r.low', expression: 'true', kind: 'redline', severity: 'low' }),
        rule({ id: 'r.critical', expression: 'true', kind: 'redline', severity: 'critical' }),
        rule({ id: 'r.medium', expression: 'true', kind: 'redline', severity: 'medium' }),
      ),
      1,
      'h',
    );
    const findings = evaluatePolicy(compiled, 'payment_fraud_check', {}, {});
    expect(findings.map((f) => f.rule_id)).toEqual(['r.critical', 'r.medium', 'r.low']);
  });
});

describe('policyHash', () => {
  it('is the same for documents that differ only in key order', () => {
    const a: PolicyDocument = {
      name: 'p',
      description: 'd',
      rules: [{ id: 'r', kind: 'threshold', applies_to: ['reconciliation'], expression: 'signals.x > 1.0', code: 'c', severity: 'low', message: 'm' }],
    };
    const b: PolicyDocument = {
      rules: [{ message: 'm', severity: 'low', code: 'c', expression: 'signals.x > 1.0', applies_to: ['reconciliation'], kind: 'threshold', id: 'r' }],
      description: 'd',
      name: 'p',
    };
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(policyHash(a)).toBe(policyHash(b));
  });

  it('is a sha256 hex digest', () => {
    expect(policyHash(DEFAULT_POLICY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a threshold changes', () => {
    const changed: PolicyDocument = {
      ...DEFAULT_POLICY,
      rules: DEFAULT_POLICY.rules.map((r) =>
        r.id === 'payment.hard_limit' ? { ...r, expression: r.expression.replace('50000.0', '40000.0') } : r,
      ),
    };
    expect(changed.rules.map((r) => r.expression)).not.toEqual(DEFAULT_POLICY.rules.map((r) => r.expression));
    expect(policyHash(changed)).not.toBe(policyHash(DEFAULT_POLICY));
  });

  it('ignores an explicitly undefined optional field', () => {
    const withUndefined: PolicyDocument = { ...DEFAULT_POLICY, description: undefined };
    const { description: _omitted, ...withoutDescription } = DEFAULT_POLICY;
    expect(policyHash(withUndefined)).toBe(policyHash(withoutDescription));
  });
});

describe('regular expressions (RE2 via re2js)', () => {
  const compileOne = (expression: string) => compilePolicy(doc(rule({ id: 'regex', expression })), 1, 'h');

  it("answers ^(a|aa)+$ on 40 a's and a b in milliseconds, not seconds (no backtracking)", () => {
    const policy = compileOne("inputs.name.matches('^(a|aa)+$')");
    const started = performance.now();
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { name: `${'a'.repeat(40)}b` }, {});
    expect(performance.now() - started).toBeLessThan(200);
    expect(findings).toEqual([]);
  });

  it('matches with RE2 semantics: inline flags such as (?i) work, and a match anywhere counts', () => {
    const policy = compileOne("inputs.name.matches('(?i)^acme') && inputs.name.matches('corp')");
    expect(evaluatePolicy(policy, 'payment_fraud_check', { name: 'ACME Corp corp' }, {}).map((f) => f.code)).toEqual(['test_code']);
    expect(evaluatePolicy(policy, 'payment_fraud_check', { name: 'ACME Corp' }, {})).toEqual([]);
  });

  it('rejects a backreference at upload, naming the rule', () => {
    const errors = validatePolicy(doc(rule({ id: 'backref', expression: "inputs.name.matches('(a)\\\\1')" })));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.rule_id).toBe('backref');
    expect(errors[0]?.message).toMatch(/not RE2/);
  });

  it('rejects lookahead at upload, naming the rule', () => {
    const errors = validatePolicy(doc(rule({ id: 'lookahead', expression: "inputs.name.matches('^(?=a)a')" })));
    expect(errors.map((e) => e.rule_id)).toEqual(['lookahead']);
  });

  it('turns a pattern from the inputs that RE2 cannot compile into a rule_evaluation_error', () => {
    const policy = compileOne('inputs.name.matches(inputs.pattern)');
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { name: 'aa', pattern: '(a)\\1' }, {});
    expect(findings.map((f) => f.code)).toEqual(['rule_evaluation_error']);
    expect(evaluatePolicy(policy, 'payment_fraud_check', { name: 'aa', pattern: 'a+' }, {}).map((f) => f.code)).toEqual(['test_code']);
  });
});

describe('evaluation budget', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  const tripleNested = 'inputs.items.all(x, inputs.items.all(y, inputs.items.all(z, x + y + z >= 0)))';
  const budgetCodes = (findings: Finding[]) => findings.filter((f) => f.code === 'policy_budget_exceeded');

  it('stops a triple-nested all() over 250 items and ends it with a policy_budget_exceeded anomaly', () => {
    const policy = compilePolicy(doc(rule({ id: 'nested', expression: tripleNested })), 1, 'h');
    const started = performance.now();
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { items }, {});
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'policy_budget_exceeded', rule_id: 'nested', kind: 'anomaly' });
    expect(verdictFromFindings(findings)).toBe('needs_review');
  });

  it('reports the budget even when CEL absorbs the error (an || that ends true)', () => {
    const policy = compilePolicy(doc(rule({ id: 'absorbed', expression: `${tripleNested} || true` })), 1, 'h');
    expect(budgetCodes(evaluatePolicy(policy, 'payment_fraud_check', { items }, {}))).toHaveLength(1);
  });

  it('keeps the findings of the rules that finished and skips the rules after the one over budget', () => {
    const policy = compilePolicy(
      doc(
        rule({ id: 'a.redline', expression: 'true', kind: 'redline', code: 'hard_stop' }),
        rule({ id: 'b.nested', expression: tripleNested }),
        rule({ id: 'c.after', expression: 'true', code: 'never_reached' }),
      ),
      1,
      'h',
    );
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { items }, {});
    expect(findings.map((f) => f.code)).toEqual(['hard_stop', 'policy_budget_exceeded']);
  });

  it('shares one step budget across all rules of a decision', () => {
    const budget = { maxSteps: 80, maxIterableSize: 1_000, maxValueSize: 1_000, maxMillis: 10_000, maxComprehensionDepth: 3 };
    const each = rule({ id: 'r', expression: 'inputs.items.exists(x, x < 0)' });
    const policy = compilePolicy(doc({ ...each, id: 'r1' }, { ...each, id: 'r2' }), 1, 'h');
    const small = { items: [1, 2, 3, 4, 5, 6] };
    expect(evaluatePolicy(policy, 'payment_fraud_check', small, {}, { budget })).toEqual([]);
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { items: Array.from({ length: 10 }, (_, i) => i) }, {}, { budget });
    expect(findings.map((f) => `${f.rule_id}:${f.code}`)).toEqual(['r2:policy_budget_exceeded']);
  });

  it('stops an evaluation that runs past the wall-clock cap', () => {
    const budget = { maxSteps: 1e9, maxIterableSize: 1e6, maxValueSize: 1e6, maxMillis: 50, maxComprehensionDepth: 3 };
    const policy = compilePolicy(doc(rule({ id: 'slow', expression: 'inputs.items.all(x, x >= 0)' })), 1, 'h');
    let clock = 0;
    const now = () => (clock += 1); // every clock read is a millisecond later
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { items: Array.from({ length: 5_000 }, (_, i) => i) }, {}, { budget, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/longer than 50 ms/);
  });

  it('stops a comprehension over more items than allowed before iterating', () => {
    const policy = compilePolicy(doc(rule({ id: 'wide', expression: 'inputs.items.exists(x, x == -1)' })), 1, 'h');
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { items: Array.from({ length: 10_001 }, () => 0) }, {});
    expect(findings[0]?.message).toMatch(/comprehension over 10001 items/);
  });

  it('stops a string doubled by nested cel.bind before it grows past the value cap', () => {
    let expression = 's.size() > 0';
    for (let i = 0; i < 20; i += 1) expression = `cel.bind(s, s + s, ${expression})`;
    const policy = compilePolicy(doc(rule({ id: 'doubling', expression: `cel.bind(s, inputs.seed, ${expression})` })), 1, 'h');
    const findings = evaluatePolicy(policy, 'payment_fraud_check', { seed: 'x'.repeat(64) }, {});
    expect(findings.map((f) => f.code)).toEqual(['policy_budget_exceeded']);
    expect(findings[0]?.message).toMatch(/a value of \d+ characters or items/);
  });

  it('leaves an ordinary decision far inside the budget', async () => {
    const findings = await decideFresh(compileDefault(), 'payment_fraud_check', { amount: 60_000, currency: 'EUR', customer_id: 'c-1' });
    expect(findings.map((f) => f.code)).not.toContain('policy_budget_exceeded');
    expect(verdictFromFindings(findings)).toBe('blocked');
  });
});

describe('validatePolicy: static budget', () => {
  it('rejects comprehensions nested four deep, naming the rule', () => {
    const expression = 'inputs.a.all(w, inputs.a.all(x, inputs.a.all(y, inputs.a.all(z, true))))';
    const errors = validatePolicy(doc(rule({ id: 'too.deep', expression }), rule({ id: 'fine', expression: 'true' })));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rule_id: 'too.deep' });
    expect(errors[0]?.message).toMatch(/nested 4 deep \(at most 3\)/);
  });

  it('accepts three nested comprehensions and sequential ones, which do not multiply', () => {
    const nested = 'inputs.a.all(x, inputs.a.all(y, inputs.a.exists(z, x == y && y == z)))';
    const sequential = 'inputs.a.map(x, x * 2).filter(x, x > 2).exists(x, x > 4) && inputs.a.all(x, x > 0)';
    expect(validatePolicy(doc(rule({ id: 'nested', expression: nested }), rule({ id: 'seq', expression: sequential })))).toEqual([]);
  });

  it('leaves a stored policy that is over the static budget compilable, so its decisions go to review instead of failing', () => {
    const deep = 'inputs.a.all(w, inputs.a.all(x, inputs.a.all(y, inputs.a.all(z, w + x + y + z >= 0))))';
    const lookahead = "inputs.name.matches('^(?=a)a')";
    const policy = compilePolicy(doc(rule({ id: 'deep', expression: deep }), rule({ id: 'lookahead', expression: lookahead })), 1, 'h');
    const few = evaluatePolicy(policy, 'payment_fraud_check', { a: [1, 2], name: 'a' }, {});
    expect(few.map((f) => `${f.rule_id}:${f.code}`)).toEqual(['deep:test_code', 'lookahead:rule_evaluation_error']);
    const many = evaluatePolicy(policy, 'payment_fraud_check', { a: Array.from({ length: 100 }, (_, i) => i), name: 'a' }, {});
    expect(many.map((f) => `${f.rule_id}:${f.code}`)).toEqual(['deep:policy_budget_exceeded']);
  });

  it('rejects nested comprehensions over literal lists that alone exceed the step budget', () => {
    const list = `[${Array.from({ length: 400 }, (_, i) => i).join(',')}]`;
    const errors = validatePolicy(doc(rule({ id: 'literal.cost', expression: `${list}.all(x, ${list}.all(y, x != y || true))` })));
    expect(errors.map((e) => e.rule_id)).toEqual(['literal.cost']);
    expect(errors[0]?.message).toMatch(/iterate 160000 times/);
  });
});

describe('policy: the RUNBOOK\'s affiliate trust rule', () => {
  // Copied from RUNBOOK.md section 8 (Affiliate trust score).
  const lowTrust = rule({
    id: 'recon.low_trust',
    applies_to: ['reconciliation'],
    expression: 'signals.?affiliate_trust_score.orValue(1.0) < 0.7 && signals.?affiliate_trust_reports.orValue(0.0) >= 10.0',
    code: 'affiliate_low_trust',
  });
  const policy = compilePolicy(doc(lowTrust), 1, policyHash(doc(lowTrust)));
  const inputs = { affiliate_id: 'aff-1', platform: 'p', claimed_amount: 100, reported_amount: 100 };
  const codes = (signals: Signals) => evaluatePolicy(policy, 'reconciliation', inputs, signals).map((f) => f.code);

  it('fires on a low score resting on enough reports, and on nothing else, a decision without the signal included', () => {
    expect(codes({ affiliate_trust_score: 0.6, affiliate_trust_reports: 10 })).toEqual(['affiliate_low_trust']);
    expect(codes({ affiliate_trust_score: 0.6, affiliate_trust_reports: 9 })).toEqual([]);
    expect(codes({ affiliate_trust_score: 0.7, affiliate_trust_reports: 50 })).toEqual([]);
    expect(codes({ overclaim_ratio: 0 })).toEqual([]);
  });
});
