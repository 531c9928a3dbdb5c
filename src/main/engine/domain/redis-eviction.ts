/**
 * Whether a Redis may drop our keys under memory pressure. Queued jobs, idempotency keys and breaker state live
 * there: an evicting Redis loses jobs without an error anywhere. Only `noeviction` (writes fail loudly when
 * memory is full) is safe.
 */
export function evictionProblem(policy: string | null): string | null {
  if (policy === 'noeviction') return null;
  if (policy === null) return 'Redis did not say its maxmemory-policy (CONFIG GET is disabled?): cannot tell whether it evicts keys';
  return `Redis evicts keys under memory pressure (maxmemory-policy ${policy}): queued jobs and idempotency keys would vanish silently. Set maxmemory-policy noeviction, or start with --allow-evicting-redis to accept the risk`;
}
