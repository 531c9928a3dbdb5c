import type { Attention, AttentionBreaker } from '../../../../shared/schemas/attention';
import type { BreakerView } from '../../../../shared/schemas/integrations';
import type { Principal } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import type { AlertEngine } from '../alerting/alerts';
import type { KvReads } from '../../ports/key-value';
import { currentMute } from '../alerting/notification-mute';
import { intakePause } from '../runbook/intake-switch';
import { agentActionsOff } from '../runbook/agent-actions-switch';
import { activeThrottles } from '../runbook/affiliate-throttle';

export interface AttentionSources {
  deps: ServiceDeps;
  alerts: Pick<AlertEngine, 'active' | 'silenced' | 'pending'>;
  /** The breakers as GET /api/breakers shows them. */
  breakers(): Promise<{ items: BreakerView[] }>;
  /** Where the notification mute and the operators' switches and throttles are kept. */
  kv: KvReads;
}

/** Breakers someone should know about: not CLOSED, or held (force-closed hides failures too). */
export function breakersNeedingAttention(items: readonly BreakerView[]): AttentionBreaker[] {
  return items
    .filter((b) => b.state !== 'CLOSED' || b.forced !== null)
    .map((b) => ({
      integration: b.integration,
      state: b.state,
      forced: b.forced,
      forced_by: b.forced_by,
      since: b.last_transition?.at ?? null,
      cause: b.last_transition?.cause ?? null,
    }));
}

/**
 * What needs someone now, read from state: backlogs, queue, breakers, alerts (firing, silenced, pending), and the
 * switches operators left on (notification mute, intake pause, agent actions off, affiliate throttles).
 */
export async function readAttention(s: AttentionSources, principal: Principal): Promise<Attention> {
  const now = s.deps.clock.now();
  const [backlog, jobs, paused, breakers, mute, intake, agentActions, throttles] = await Promise.all([
    s.deps.store.countWorkspaceBacklog(principal.workspaceId),
    s.deps.queue.counts(principal.workspaceId, now),
    s.deps.queue.isPaused(),
    s.breakers(),
    currentMute(s.kv, now),
    intakePause(s.kv),
    agentActionsOff(s.kv),
    activeThrottles(s.kv, principal.workspaceId, now),
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  const operatorSwitch = (on: { by: string; reason: string; at: number } | null) => (on ? { by: on.by, reason: on.reason, since: iso(on.at) } : null);
  return {
    at: new Date(now).toISOString(),
    review: {
      count: backlog.needsReview,
      oldest_at: backlog.oldestNeedsReviewAt === null ? null : new Date(backlog.oldestNeedsReviewAt).toISOString(),
    },
    blocked_tasks: backlog.blockedTasks,
    dead_letters: jobs.dead,
    queue_paused: paused,
    breakers: breakersNeedingAttention(breakers.items),
    alerts: { firing: s.alerts.active(false), silenced: s.alerts.silenced(), pending: s.alerts.pending() },
    notifications_muted: mute ? { until: iso(mute.until), by: mute.by, reason: mute.reason, since: iso(mute.at) } : null,
    intake_paused: operatorSwitch(intake),
    agent_actions_disabled: operatorSwitch(agentActions),
    affiliate_throttles: throttles.map((t) => ({
      affiliate_id: t.affiliate_id, per_minute: t.per_minute, until: t.until === null ? null : iso(t.until), by: t.by, reason: t.reason, since: iso(t.at),
    })),
  };
}
