import type { Check } from './check';

/** The runbook's "Required Indexes" (Performance Tuning), by name; the schema of both backends creates each. */
export const REQUIRED_INDEXES = [
  'idx_task_audits_task_id',
  'idx_task_audits_decision_id',
  'idx_task_audits_created_at',
  'idx_task_audits_event_type',
  'idx_task_events_task_id',
  'idx_task_events_created_at',
  'idx_supervisor_inbox_task_id',
  'idx_supervisor_inbox_status',
] as const;

export const requiredIndexes: Check = {
  id: 'required-indexes',
  title: 'Required indexes present',
  async run({ store }) {
    const present = new Set(await store.indexNames());
    const missing = REQUIRED_INDEXES.filter((name) => !present.has(name));
    return {
      status: missing.length ? 'fail' : 'pass',
      summary: missing.length
        ? `${missing.length} of the runbook's ${REQUIRED_INDEXES.length} required indexes are missing: ${missing.join(', ')} (run \`decisionos migrate\` or recreate them).`
        : `All ${REQUIRED_INDEXES.length} indexes the runbook requires are present.`,
      numbers: { required: REQUIRED_INDEXES.length, missing: missing.length, missing_names: missing.length ? missing.join(',') : null },
    };
  },
};
