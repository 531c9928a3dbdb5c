import { QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import type { OpInput, OpName, OpOutput } from '../../../shared/contract';
import type { LiveEventKind } from '../../../shared/schemas/events';
import { ApiError } from './client';
import { api } from './transport';
import { subscribeLiveEvents } from './live-events';

/** Server data goes through here: cached per (operation, input), refetched when a live event says so. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // A 4xx is an answer (not found, forbidden): retrying it only delays the message.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

export function useOp<K extends OpName>(
  name: K,
  input: OpInput<K>,
  options: Omit<UseQueryOptions<OpOutput<K>, ApiError>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<OpOutput<K>, ApiError>({
    queryKey: [name, input],
    queryFn: () => api[name](input) as Promise<OpOutput<K>>,
    ...options,
  });
}

/** Which cached operations each kind of change makes stale. */
export const INVALIDATES: Record<LiveEventKind, OpName[]> = {
  decisions: ['listDecisions', 'getDecision', 'getEntity', 'getDecisionTrace', 'listTasks', 'getTimeline', 'statsDecisionLag', 'statsDecisionTypes', 'statsBlockedReasons', 'statsBlockedTasks', 'getQueue', 'getAttention'],
  tasks: ['listTasks', 'getEntity', 'getTimeline', 'getTaskSummary', 'getDecisionTrace', 'statsBlockedReasons', 'statsBlockedTasks', 'getAttention'],
  queue: ['getQueue', 'listDeadJobs', 'getAttention'],
  policies: ['listPolicies', 'getPolicy', 'getTimeline'],
  breakers: ['listBreakers', 'getTimeline', 'getAttention'],
  alerts: ['getTimeline', 'listActiveAlerts', 'listAlertHistory', 'listAlertRules', 'listSilences', 'listAlertDeliveries', 'getAttention'],
};

export function invalidate(kind: LiveEventKind): Promise<void> {
  const names = new Set<string>(INVALIDATES[kind]);
  return queryClient.invalidateQueries({ predicate: (q) => names.has(String(q.queryKey[0])) });
}

/** Keeps every open view current: lists and counters refetch on change, no reload. */
export function startLiveInvalidation(): () => void {
  return subscribeLiveEvents((event) => void invalidate(event.kind));
}
