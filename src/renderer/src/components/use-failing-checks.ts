import { useQuery } from '@tanstack/react-query';
import type { CheckReport } from '../../../shared/schemas/checks';
import type { ApiError } from '../api/client';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { failingChecks, type FailingCheck } from './failing-checks';

/**
 * Checks the Overview leaves out of its periodic run: each reads the whole database (PRAGMA quick_check), too heavy
 * to repeat every half minute for every open Overview. The Runbook screen runs them when asked.
 */
export const OVERVIEW_SKIPS: ReadonlySet<string> = new Set(['database-integrity']);
const EVERY_MS = 30_000;

/** The incidents' checks that fail now, each with its incidents: run on load and every 30 s (not on every live event). */
export function useFailingChecks(): FailingCheck[] {
  const incidents = useOp('listIncidents', {}, { staleTime: Infinity });
  const ids = [...new Set((incidents.data?.items ?? []).flatMap((i) => i.checks))].filter((id) => !OVERVIEW_SKIPS.has(id)).join(',');
  const checks = useQuery<CheckReport, ApiError>({
    // Its own key: the live events invalidate `runChecks` reads, which would re-run every check on every change.
    queryKey: ['overview-checks', ids],
    queryFn: () => api.runChecks({ ids }),
    enabled: ids !== '',
    refetchInterval: EVERY_MS,
    staleTime: EVERY_MS,
  });
  return incidents.data && checks.data ? failingChecks(incidents.data.items, checks.data.checks) : [];
}
