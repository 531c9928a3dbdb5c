import { EvaluationError, type ParseResult } from '@marcbachmann/cel-js';
import { type EvaluationMeter, type PolicyBudget } from './policy-budget';
import { regexMatches, regexProblem } from './policy-regex';

/*
 * The two things cel-js offers no option for, done on its parsed AST: a static cost check at upload, and
 * metering (plus CEL `matches` on RE2) at run time. cel-js has no evaluation hook and refuses to register a
 * second `string.matches(string)`, so each node's `evaluate` is wrapped instead. This reads cel-js 8
 * internals (`meta.alternate` for expanded macros such as all(), `meta.macro` for has() and cel.bind(),
 * comprehension args), which is why package.json pins the exact version.
 */

type Evaluate = (ev: Evaluator, ast: CelNode, ctx: unknown) => unknown;

interface Evaluator {
  run(ast: CelNode, ctx: unknown): unknown;
}

interface CelNodeMeta {
  alternate?: CelNode;
  macro?: { evaluate: (ev: Evaluator, macro: unknown, ctx: unknown) => unknown; val?: unknown; exp?: unknown; macroHasProps?: unknown };
  evaluate: Evaluate;
}

interface ComprehensionArgs {
  iterable: CelNode;
  init: CelNode;
  step: CelNode;
}

interface CelNode {
  readonly op: string;
  readonly args: unknown;
  readonly meta: CelNodeMeta;
  evaluate: Evaluate;
}

const rootOf = (program: ParseResult) => program.ast as unknown as CelNode;

function isNode(value: unknown, like: CelNode): value is CelNode {
  return typeof value === 'object' && value !== null && value.constructor === like.constructor;
}

/**
 * The nodes a node evaluates. An expanded macro (all(), map()...) evaluates only its replacement, and has()
 * and cel.bind() only their parts: walking the original operands too would revisit shared subtrees once per
 * enclosing macro, which is exponential in the nesting. A comprehension's `step` is its body, run once per
 * item; `iterable` and `init` run once.
 */
function children(node: CelNode, like: CelNode): { node: CelNode; body: boolean }[] {
  const out: { node: CelNode; body: boolean }[] = [];
  const add = (value: unknown, body = false): void => {
    if (isNode(value, like)) out.push({ node: value, body });
    else if (Array.isArray(value)) for (const v of value) add(v);
  };
  const { alternate, macro } = node.meta;
  if (alternate) {
    add(alternate);
  } else if (macro) {
    add(macro.val);
    add(macro.exp);
    add(macro.macroHasProps);
  } else if (node.op === 'comprehension') {
    const args = node.args as ComprehensionArgs;
    add(args.iterable);
    add(args.init);
    add(args.step, true);
  } else {
    add(node.args);
  }
  return out;
}

/** A `x.matches(pattern)` call: [name, receiver, [pattern]]. */
function matchesCall(node: CelNode): { receiver: CelNode; pattern: CelNode } | null {
  if (node.op !== 'rcall' || node.meta.alternate || node.meta.macro) return null;
  const [name, receiver, args] = node.args as [string, CelNode, CelNode[]];
  if (name !== 'matches' || args.length !== 1) return null;
  return { receiver, pattern: args[0] as CelNode };
}

/**
 * What is wrong with a rule on its face: comprehensions nested deeper than the budget allows, literal lists
 * whose nested iteration alone exceeds the step budget, and regex literals RE2 cannot compile.
 */
export function staticRuleProblems(program: ParseResult, budget: PolicyBudget): string[] {
  const root = rootOf(program);
  const problems = new Set<string>();
  const visited = new Set<string>();
  const ids = new Map<CelNode, number>();
  const visit = (node: CelNode, depth: number, literalCost: number): void => {
    // A node shared by two parents is checked once per (depth, cost) it is reached with.
    const id = ids.get(node) ?? ids.set(node, ids.size).get(node);
    const key = `${id}:${depth}:${literalCost}`;
    if (visited.has(key)) return;
    visited.add(key);
    let innerCost = literalCost;
    let innerDepth = depth;
    if (node.op === 'comprehension') {
      innerDepth = depth + 1;
      if (innerDepth > budget.maxComprehensionDepth) {
        problems.add(`over the evaluation budget: comprehensions nested ${innerDepth} deep (at most ${budget.maxComprehensionDepth})`);
      }
      const iterable = (node.args as ComprehensionArgs).iterable;
      if (iterable.op === 'list') innerCost = literalCost * (iterable.args as unknown[]).length;
      if (innerCost > budget.maxSteps) {
        problems.add(`over the evaluation budget: comprehensions over literal lists iterate ${innerCost} times (at most ${budget.maxSteps})`);
      }
    }
    const call = matchesCall(node);
    if (call?.pattern.op === 'value' && typeof call.pattern.args === 'string') {
      const problem = regexProblem(call.pattern.args);
      if (problem) problems.add(`regular expression ${JSON.stringify(call.pattern.args)} is not RE2 syntax: ${problem}`);
    }
    for (const child of children(node, root)) {
      visit(child.node, child.body ? innerDepth : depth, child.body ? innerCost : literalCost);
    }
  };
  visit(root, 0, 1);
  return [...problems];
}

/** The meter of the evaluation running now. Evaluation is synchronous, so one slot is enough. */
let activeMeter: EvaluationMeter | null = null;

/** Runs `evaluate` with every step of every metered program charged to `meter`. */
export function withMeter<T>(meter: EvaluationMeter, evaluate: () => T): T {
  const previous = activeMeter;
  activeMeter = meter;
  try {
    return evaluate();
  } finally {
    activeMeter = previous;
  }
}

function sizeOf(value: unknown): number | null {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  return null;
}

function iterableSize(value: unknown): number {
  const size = sizeOf(value);
  if (size !== null) return size;
  return typeof value === 'object' && value !== null ? Object.keys(value).length : 0;
}

/** Ops whose result is a value the evaluation built (concatenation, function results, map()/filter()). */
const BUILDS = new Set(['+', 'call', 'rcall', 'comprehension', 'list']);

function dispatch(meta: CelNodeMeta, ev: Evaluator, ast: CelNode, ctx: unknown): unknown {
  if (meta.alternate) return meta.alternate.evaluate(ev, meta.alternate, ctx);
  if (meta.macro) return meta.macro.evaluate(ev, meta.macro, ctx);
  return meta.evaluate(ev, ast, ctx);
}

function meteredEvaluate(node: CelNode, iterable: boolean): Evaluate {
  const { meta } = node;
  const builds = BUILDS.has(node.op);
  return (ev, ast, ctx) => {
    const meter = activeMeter;
    if (!meter) return dispatch(meta, ev, ast, ctx);
    meter.step();
    const result = dispatch(meta, ev, ast, ctx);
    if (iterable) meter.iterate(iterableSize(result));
    else if (builds) {
      const size = sizeOf(result);
      if (size !== null) meter.built(size);
    }
    return result;
  };
}

/** CEL `matches` on RE2; the input's length is charged to the meter (matching is linear in it). */
function re2Matches(node: CelNode, receiver: CelNode, pattern: CelNode): Evaluate {
  return (ev, _ast, ctx) => {
    const input = ev.run(receiver, ctx);
    const regex = ev.run(pattern, ctx);
    if (typeof input !== 'string' || typeof regex !== 'string') {
      throw new EvaluationError(`found no matching overload for '${typeof input}.matches(${typeof regex})'`, node as never);
    }
    activeMeter?.step(1 + Math.floor(input.length / 64));
    try {
      return regexMatches(input, regex);
    } catch (error) {
      throw new EvaluationError(`invalid regular expression ${JSON.stringify(regex)}: ${(error as Error).message}`, node as never);
    }
  };
}

/** Wraps every node of `program` so it is charged to the active meter, and routes `matches` to RE2. */
export function meterProgram(program: ParseResult): void {
  const root = rootOf(program);
  const seen = new Set<CelNode>();
  const iterables = new Set<CelNode>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as CelNode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.op === 'comprehension') iterables.add((node.args as ComprehensionArgs).iterable);
    for (const child of children(node, root)) stack.push(child.node);
  }
  for (const node of seen) {
    const call = matchesCall(node);
    const inner = call ? re2Matches(node, call.receiver, call.pattern) : null;
    const evaluate = meteredEvaluate(node, iterables.has(node));
    node.evaluate = inner
      ? (ev, ast, ctx) => {
          activeMeter?.step();
          return inner(ev, ast, ctx);
        }
      : evaluate;
  }
}
