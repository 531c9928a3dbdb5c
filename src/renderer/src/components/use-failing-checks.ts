import { useQuery } from '@tanstack/react-query';
import type { CheckReport } from '../../../shared/schemas/checks';
import type { ApiError } from '../api/client';
import { api } from '../api/transport';
import { useOp } from '../api/queries';
import { failingChecks, type FailingCheck } from './failing-checks';

const EVERY_MS = 30_000;

/**
 * The incidents' checks that fail now, each with its incidents: run on load and every 30 s (not on every live event).
 * The heavy checks (reading the whole database) are left out of this periodic run; the Runbook screen runs them.
 */
export function useFailingChecks(): FailingCheck[] {
  const incidents = useOp('listIncidents', {}, { staleTime: Infinity });
  const ids = [...new Set((incidents.data?.items ?? []).flatMap((i) => i.checks))].join(',');
  const checks = useQuery<CheckReport, ApiError>({
    // Its own key: the live events invalidate `runChecks` reads, which would re-run every check on every change.
    queryKey: ['overview-checks', ids],
    queryFn: () => api.runChecks({ ids, skip: 'heavy' }),
    enabled: ids !== '',
    refetchInterval: EVERY_MS,
    staleTime: EVERY_MS,
  });
  return incidents.data && checks.data ? failingChecks(incidents.data.items, checks.data.checks) : [];
}
