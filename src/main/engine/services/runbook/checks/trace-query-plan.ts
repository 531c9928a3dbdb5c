import type { Check } from './check';

export const traceQueryPlan: Check = {
  id: 'trace-query-plan',
  title: "The trace query's plan uses its index",
  async run({ store }) {
    let plan;
    try {
      plan = await store.tracePlan();
    } catch (error) {
      return { status: 'fail', summary: `The trace query cannot be planned: ${(error as Error).message}.`, numbers: { index: null } };
    }
    return plan.index
      ? { status: 'pass', summary: `The trace query reads task_audits through the index ${plan.index}.`, numbers: { index: plan.index } }
      : { status: 'fail', summary: `The trace query scans task_audits without an index (plan: ${plan.plan.replace(/\s*\n\s*/g, ' / ')}).`, numbers: { index: null } };
  },
};
