/**
 * What one decision's policy evaluation may spend. Upload rejects rules that are over it on their face
 * (comprehension nesting, literal sizes); the meter stops an evaluation that goes over it at run time.
 */
export interface PolicyBudget {
  /** Expression nodes evaluated across all rules of one decision. */
  readonly maxSteps: number;
  /** Items one comprehension (all, exists, map, filter...) may iterate over. */
  readonly maxIterableSize: number;
  /** Characters of a string, or items of a list, an evaluation may build. */
  readonly maxValueSize: number;
  /** Wall-clock time for one decision, in milliseconds. */
  readonly maxMillis: number;
  /** Comprehensions nested inside each other's bodies; checked at upload. */
  readonly maxComprehensionDepth: number;
}

/**
 * 50k steps (one all() over 10k items, or two nested over 100) take 5-20 ms on this machine: far above the
 * shipped rules (tens of steps per decision), far below the seconds a nested comprehension over a big list
 * takes, and short enough that other workspaces' requests waiting behind one decision stay fast. The clock is
 * the backstop for steps that are slow one by one.
 */
export const DEFAULT_POLICY_BUDGET: PolicyBudget = {
  maxSteps: 50_000,
  maxIterableSize: 10_000,
  maxValueSize: 1_000_000,
  maxMillis: 50,
  maxComprehensionDepth: 3,
};

/** Thrown inside an evaluation when it goes over budget; `limit` names what ran out. */
export class BudgetExceededError extends Error {
  constructor(
    readonly limit: keyof PolicyBudget,
    detail: string,
  ) {
    super(`policy evaluation budget exceeded: ${detail}`);
    this.name = 'BudgetExceededError';
  }
}

/** How often (in steps) the meter reads the clock: often enough for a 50 ms cap, rarely enough to be cheap. */
const CLOCK_EVERY = 256;

/**
 * Counts the cost of one decision's evaluation. Once over budget it stays over: every later step throws
 * again, so an error swallowed by CEL's error-absorbing `||`, `&&` or `all()` cannot let the work go on.
 */
export class EvaluationMeter {
  private steps = 0;
  private nextClockCheck = CLOCK_EVERY;
  private readonly deadline: number;
  exceeded: BudgetExceededError | null = null;

  constructor(
    readonly budget: PolicyBudget,
    private readonly now: () => number,
  ) {
    this.deadline = now() + budget.maxMillis;
  }

  step(cost = 1): void {
    if (this.exceeded) throw this.exceeded;
    this.steps += cost;
    if (this.steps > this.budget.maxSteps) this.fail('maxSteps', `more than ${this.budget.maxSteps} evaluation steps`);
    if (this.steps >= this.nextClockCheck) {
      this.nextClockCheck = this.steps + CLOCK_EVERY;
      this.checkClock();
    }
  }

  private checkClock(): void {
    if (this.now() > this.deadline) this.fail('maxMillis', `took longer than ${this.budget.maxMillis} ms`);
  }

  /** A comprehension is about to iterate over `size` items. */
  iterate(size: number): void {
    if (size > this.budget.maxIterableSize) {
      this.fail('maxIterableSize', `a comprehension over ${size} items (at most ${this.budget.maxIterableSize})`);
    }
  }

  /** The evaluation built a string or list of `size` characters or items. */
  built(size: number): void {
    if (size > this.budget.maxValueSize) {
      this.fail('maxValueSize', `a value of ${size} characters or items (at most ${this.budget.maxValueSize})`);
    }
  }

  private fail(limit: keyof PolicyBudget, detail: string): never {
    this.exceeded = new BudgetExceededError(limit, detail);
    throw this.exceeded;
  }
}
