import type { CheckResult } from '../../../shared/schemas/checks';
import type { RunbookIncidentView } from '../../../shared/schemas/runbook';

export interface FailingCheck {
  check: CheckResult;
  /** The incidents that name this check, in RUNBOOK.md's order: the operator picks the one that matches what they see. */
  incidents: RunbookIncidentView[];
}

/**
 * The checks that fail, each with the incidents that run it, in the report's order. Grouped by check rather than by
 * incident: one failing check (breakers) is named by several incidents, and its sentence is said once.
 */
export function failingChecks(incidents: readonly RunbookIncidentView[], checks: readonly CheckResult[]): FailingCheck[] {
  return checks
    .filter((c) => c.status === 'fail')
    .map((check) => ({ check, incidents: incidents.filter((i) => i.checks.includes(check.id)) }))
    .filter((f) => f.incidents.length > 0);
}
