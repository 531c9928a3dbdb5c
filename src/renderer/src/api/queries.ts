import { QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { OP_NAMES, contract, type OpDef, type OpInput, type OpName, type OpOutput } from '../../../shared/contract';
import { LIVE_EVENT_KINDS, type LiveEventKind } from '../../../shared/schemas/events';
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

/** Which cached operations each kind of change makes stale: the reads whose contract row names that kind. */
export const INVALIDATES = Object.fromEntries(
  LIVE_EVENT_KINDS.map((kind) => [kind, OP_NAMES.filter((name) => (contract[name] as OpDef).reads?.includes(kind))]),
) as Record<LiveEventKind, OpName[]>;

export function invalidate(kind: LiveEventKind): Promise<void> {
  const names = new Set<string>(INVALIDATES[kind]);
  return queryClient.invalidateQueries({ predicate: (q) => names.has(String(q.queryKey[0])) });
}

/** Keeps every open view current: lists and counters refetch on change, no reload. */
export function startLiveInvalidation(): () => void {
  return subscribeLiveEvents((event) => void invalidate(event.kind));
}
