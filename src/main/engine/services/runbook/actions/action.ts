import type { z } from 'zod';
import type { Scope } from '../../../../../shared/scopes';
import type { ActionPreview, ActionUndo } from '../../../../../shared/schemas/runbook';
import type { IntegrationConfig } from '../../../../../shared/schemas/integrations';
import type { JsonObject } from '../../../../../shared/schemas/common';
import type { KeyValue } from '../../../ports/key-value';
import type { OpsAuditLog } from '../../../ports/audit-store';
import type { Clock } from '../../../ports/clock';
import type { Caller } from '../../../ports/records';
import type { RemovedJobsFiles } from '../../../ports/removed-jobs-files';
import type { ServiceDeps } from '../../deps';
import type { WorkerLoad } from '../queue-admin';
import type { Breakers } from '../../integrations/breakers';
import type { AlertReceivers } from '../../alerting/alert-receivers';
import type { AlertEngine } from '../../alerting/alerts';
import type { ExportFiles } from '../../../ports/export-files';
import type { Backups } from '../backups/backups';

/** What actions are built from: the services' ports and the few engine parts they steer. */
export interface ActionServices {
  deps: ServiceDeps;
  kv: KeyValue;
  /** Wakes the worker (after a resume or a retry). */
  notify(): void;
  load(): WorkerLoad;
  breakerAdmin: { integrations: readonly IntegrationConfig[]; breakers: Breakers; audit: OpsAuditLog; clock: Clock };
  /** The alert receivers; null when none is configured. */
  notifier: Pick<AlertReceivers, 'sendTest' | 'select'> | null;
  /** Where purged and discarded jobs are kept for a restore (this process's data dir). */
  removedJobs: RemovedJobsFiles;
  /** The alert engine: its rules, firing alerts and silences (the same the Alerts screen uses). */
  alerts: Pick<AlertEngine, 'active' | 'listRules' | 'listSilences' | 'createSilence' | 'expireSilence' | 'reload'>;
  /** Where export-audit writes its files. */
  exports: ExportFiles;
  /** The database's backups: the backup dir, the rotation, the backend's copy and restore. */
  backups: Backups;
  /** The configured retention in days (DECISIONOS_RETENTION_DAYS). */
  retentionDays: number;
  /** The configured per-workspace budget a minute (DECISIONOS_RATE_LIMIT_PER_MINUTE), before any change-setting. */
  rateLimitPerMinute: number;
}

/** One call of an action: who runs it and why. */
export interface ActionContext extends ActionServices {
  caller: Caller;
  /** The run's reason (the preview has none yet: empty). */
  reason: string;
}

export type Progress = (done: number, total: number) => void;

/** What a preview says, before the registry stamps the action's id on it. */
export type PreviewOf = Omit<ActionPreview, 'action_id'>;

export interface RunOutcome {
  summary: string;
  counts: Record<string, number>;
  undo: ActionUndo | null;
  /** A credential made by the run, returned to the caller once and never audited (the summary must not contain it). */
  secret?: string;
}

/**
 * A runbook action: a preview that says exactly what a run would touch (and pins the selection in its params),
 * and a run that touches only that, reporting progress. The registry checks scope and confirmation and audits.
 */
export interface RunbookAction<P extends JsonObject = JsonObject> {
  id: string;
  title: string;
  description: string;
  scope: Scope;
  params: z.ZodType<P, unknown>;
  preview(ctx: ActionContext, params: P): Promise<PreviewOf>;
  run(ctx: ActionContext, params: P, preview: PreviewOf, progress: Progress): Promise<RunOutcome>;
}

/** Keeps an action's params type while the registry holds every action under one type. */
export const defineAction = <P extends JsonObject>(action: RunbookAction<P>): RunbookAction => action as unknown as RunbookAction;

/**
 * A preview that lists what it touches and pins those ids into the run's params (`pinned`), so the run touches them
 * only, however much matches by then; it cannot be undone, so the count is typed to confirm. Nothing listed: the
 * params stay as given.
 */
export function pinnedPreview(summary: string, unit: string, ids: string[], pinned: JsonObject, params: JsonObject, total = ids.length): PreviewOf {
  return { summary, touches: { counts: { [unit]: ids.length }, ids, total }, destructive: true, confirm: String(ids.length), params: ids.length > 0 ? pinned : params };
}

/** A preview that touches one thing (the queue, a breaker, the switch): no ids to pin. */
export function singlePreview(summary: string, counts: Record<string, number>, id: string, params: JsonObject = {}): PreviewOf {
  return { summary, touches: { counts, ids: [id], total: 1 }, destructive: false, confirm: null, params };
}
