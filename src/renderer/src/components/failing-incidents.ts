import type { CheckResult } from '../../../shared/schemas/checks';
import type { RunbookIncidentView } from '../../../shared/schemas/runbook';

export interface FailingIncident {
  incident: RunbookIncidentView;
  /** The incident's checks that fail, in its order. */
  failing: CheckResult[];
}

/**
 * The incidents whose checks fail, each with those checks, in RUNBOOK.md's order. A check shared by several
 * incidents names each of them: the operator picks the one that matches what they see.
 */
export function failingIncidents(incidents: readonly RunbookIncidentView[], checks: readonly CheckResult[]): FailingIncident[] {
  const byId = new Map(checks.filter((c) => c.status === 'fail').map((c) => [c.id, c]));
  return incidents
    .map((incident) => ({ incident, failing: incident.checks.flatMap((id) => byId.get(id) ?? []) }))
    .filter((f) => f.failing.length > 0);
}
