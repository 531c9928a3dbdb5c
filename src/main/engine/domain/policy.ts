import { createHash } from 'node:crypto';
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { AppError } from '../../../shared/errors';
import type { DecisionType, Finding, Signals } from '../../../shared/schemas/decision';
import type { PolicyDocument, PolicyRule, RuleError } from '../../../shared/schemas/policy';
import type { JsonObject } from '../../../shared/schemas/common';
import { orderFindings } from './decision-lifecycle';
import { DEFAULT_POLICY_BUDGET, EvaluationMeter, type PolicyBudget } from './policy-budget';
import { meterProgram, staticRuleProblems, withMeter } from './policy-ast';

/** The variables a rule sees. Declared once so every expression is type-checked against them on upload. */
const celEnvironment = new Environment({
  enableOptionalTypes: true,
  limits: { maxAstNodes: 2_000, maxDepth: 64, maxListElements: 1_000, maxMapEntries: 1_000 },
})
  .registerVariable('inputs', 'map')
  .registerVariable('signals', 'map')
  .registerVariable('decision_type', 'string');

type CelProgram = ParseResult;

export interface CompiledRule {
  readonly rule: PolicyRule;
  readonly program: CelProgram;
}

export interface CompiledPolicy {
  readonly version: number;
  readonly hash: string;
  readonly rulesByType: ReadonlyMap<DecisionType, readonly CompiledRule[]>;
}

/** Content hash of a policy: sha256 over its canonical JSON (keys sorted), so equal documents hash equal. */
export function policyHash(document: PolicyDocument): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Parses and type-checks a rule; the program it returns is metered and matches on RE2. */
function compileRule(rule: PolicyRule): { program: CelProgram } | { error: string } {
  try {
    const program = celEnvironment.parse(rule.expression);
    const checked = program.check();
    if (!checked.valid) return { error: checked.error?.message ?? 'expression does not type-check' };
    if (checked.type !== 'bool' && checked.type !== 'dyn') {
      return { error: `expression must be a boolean, it is ${checked.type}` };
    }
    meterProgram(program);
    return { program };
  } catch (error) {
    return { error: firstLine(error) };
  }
}

/** Compiles every rule; with a budget, also reports what is over it on its face (see staticRuleProblems). */
function compileRules(document: PolicyDocument, budget: PolicyBudget | null): { errors: RuleError[]; programs: CelProgram[] } {
  const errors: RuleError[] = [];
  const programs: CelProgram[] = [];
  const seen = new Set<string>();
  for (const rule of document.rules) {
    if (seen.has(rule.id)) errors.push({ rule_id: rule.id, message: 'duplicate rule id' });
    seen.add(rule.id);
    const compiled = compileRule(rule);
    if ('error' in compiled) {
      errors.push({ rule_id: rule.id, message: compiled.error });
      continue;
    }
    const problems = budget ? staticRuleProblems(compiled.program, budget) : [];
    if (problems.length > 0) errors.push({ rule_id: rule.id, message: problems.join('; ') });
    programs.push(compiled.program);
  }
  return { errors, programs };
}

/** Every problem in a policy, per rule, as upload sees it. An empty list means the policy is valid. */
export function validatePolicy(document: PolicyDocument, budget: PolicyBudget = DEFAULT_POLICY_BUDGET): RuleError[] {
  return compileRules(document, budget).errors;
}

/**
 * Parses every rule once; a policy with a rule that does not compile is rejected whole. The static budget is
 * an upload check only: a stored policy may have passed under older limits, and the meter bounds it at run
 * time, so its decisions go to review instead of failing.
 */
export function compilePolicy(document: PolicyDocument, version: number, hash: string): CompiledPolicy {
  const { errors, programs } = compileRules(document, null);
  if (errors.length > 0) {
    throw new AppError('invalid_policy', `${errors.length} rule(s) failed validation`, { rule_errors: errors });
  }
  const rulesByType = new Map<DecisionType, CompiledRule[]>();
  for (const [index, rule] of document.rules.entries()) {
    const program = programs[index] as CelProgram;
    for (const type of rule.applies_to) {
      const list = rulesByType.get(type) ?? [];
      list.push({ rule, program });
      rulesByType.set(type, list);
    }
  }
  return { version, hash, rulesByType };
}

export interface EvaluationOptions {
  readonly budget?: PolicyBudget;
  /** Milliseconds on a monotonic clock; the wall-clock cap is measured with it. */
  readonly now?: () => number;
}

const monotonicNow = () => performance.now();

/**
 * Runs the rules for a decision type. A rule that throws at evaluation (a missing key, a type clash on
 * this input) does not silently pass: it becomes an anomaly finding so a person looks at the decision.
 * All rules of one decision share one budget; the rule that exhausts it becomes a `policy_budget_exceeded`
 * finding (the decision goes to review) and the rules after it are not run. Findings of the rules that
 * finished are kept, so a redline that already hit still blocks.
 */
export function evaluatePolicy(
  policy: CompiledPolicy,
  decisionType: DecisionType,
  inputs: JsonObject,
  signals: Signals,
  options: EvaluationOptions = {},
): Finding[] {
  const rules = policy.rulesByType.get(decisionType) ?? [];
  const context = { inputs, signals, decision_type: decisionType };
  const meter = new EvaluationMeter(options.budget ?? DEFAULT_POLICY_BUDGET, options.now ?? monotonicNow);
  const findings: Finding[] = [];
  for (const { rule, program } of rules) {
    let result: unknown;
    let threw = false;
    try {
      result = withMeter(meter, () => program(context));
    } catch (error) {
      threw = true;
      result = error;
    }
    // Checked before the result: CEL's `||`, `&&` and `all()` can swallow the error the meter threw.
    if (meter.exceeded) {
      findings.push(budgetFinding(rule, meter.exceeded.message));
      break;
    }
    if (threw) {
      findings.push(ruleErrorFinding(rule, firstLine(result)));
    } else if (result === true) {
      findings.push({ code: rule.code, severity: rule.severity, message: rule.message, rule_id: rule.id, kind: rule.kind });
    } else if (result !== false) {
      findings.push(ruleErrorFinding(rule, `rule returned ${typeof result}, not a boolean`));
    }
  }
  return orderFindings(findings);
}

function budgetFinding(rule: PolicyRule, reason: string): Finding {
  return {
    code: 'policy_budget_exceeded',
    severity: 'high',
    message: `rule ${rule.id} was stopped: ${reason}; the rules after it were not evaluated`,
    rule_id: rule.id,
    kind: 'anomaly',
  };
}

function ruleErrorFinding(rule: PolicyRule, message: string): Finding {
  return {
    code: 'rule_evaluation_error',
    severity: 'high',
    message: `rule ${rule.id} could not be evaluated: ${message}`,
    rule_id: rule.id,
    kind: 'anomaly',
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
