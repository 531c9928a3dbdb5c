import { AppError } from '../../../../../shared/errors';
import type { CheckReport, CheckResult } from '../../../../../shared/schemas/checks';
import type { Principal } from '../../../ports/records';
import type { Check, CheckOutcome, CheckSources } from './check';
import { CHECKS } from './registry';

/** A check that has not answered by then reports `fail` instead of holding the request. */
export const CHECK_TIMEOUT_MS = 5_000;

/** The checks named by a comma-separated list (all when absent); an unknown id is a validation error naming the known ones. */
export function selectChecks(ids: string | undefined, registry: readonly Check[] = CHECKS): Check[] {
  if (ids === undefined || ids.trim() === '') return [...registry];
  const wanted = [...new Set(ids.split(',').map((id) => id.trim()).filter(Boolean))];
  const unknown = wanted.filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length) throw new AppError('validation_failed', `unknown check(s): ${unknown.join(', ')} (known: ${registry.map((c) => c.id).join(', ')})`);
  return registry.filter((c) => wanted.includes(c.id));
}

function withinTimeout(run: Promise<CheckOutcome>, timeoutMs: number): Promise<CheckOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'fail', summary: `The check did not answer within ${timeoutMs} ms.`, numbers: { timeout_ms: timeoutMs } }), timeoutMs);
  });
  return Promise.race([run, late]).finally(() => clearTimeout(timer));
}

async function runOne(check: Check, sources: CheckSources, principal: Principal, timeoutMs: number): Promise<CheckResult> {
  const started = Date.now();
  const now = sources.clock.now();
  const outcome = await withinTimeout(
    Promise.resolve()
      .then(() => check.run({ ...sources, workspaceId: principal.workspaceId, now }))
      .catch((error: unknown) => ({ status: 'fail' as const, summary: `The check failed: ${error instanceof Error ? error.message : String(error)}.`, numbers: {} })),
    timeoutMs,
  );
  return { id: check.id, title: check.title, ...outcome, duration_ms: Date.now() - started };
}

/** Runs the selected checks at once, each within `timeoutMs`. */
export async function runChecks(
  sources: CheckSources,
  principal: Principal,
  ids: string | undefined,
  options: { timeoutMs?: number; registry?: readonly Check[]; skipHeavy?: boolean } = {},
): Promise<CheckReport> {
  const checks = selectChecks(ids, options.registry).filter((c) => !(options.skipHeavy && c.heavy));
  const at = new Date(sources.clock.now()).toISOString();
  return { at, checks: await Promise.all(checks.map((c) => runOne(c, sources, principal, options.timeoutMs ?? CHECK_TIMEOUT_MS))) };
}
