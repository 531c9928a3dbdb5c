import { z } from 'zod';
import { ExternalId, JsonObject } from './common';
import { Scope } from '../scopes';

/** An action's id: kebab-case, as RUNBOOK.md and the CLI name it. */
export const ActionId = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'kebab-case, e.g. pause-worker').max(64);

/** The most ids a preview lists and a run touches: a bigger job is previewed and run in several goes. */
export const ACTION_MAX_IDS = 500;

// Each action's params. Strict: a misspelt filter must fail, not widen what the action touches.
export const NoParams = z.strictObject({});

export const UnblockTasksParams = z
  .strictObject({
    /** These tasks (those not BLOCKED are left alone), or ... */
    task_ids: z.array(ExternalId).min(1).max(ACTION_MAX_IDS).optional(),
    /** ... every BLOCKED task whose block reason is this code (the newest 500). */
    reason_code: z.string().min(1).max(128).optional(),
  })
  .refine((p) => (p.task_ids === undefined) !== (p.reason_code === undefined), 'give task_ids or reason_code (one of them)');
export type UnblockTasksParams = z.infer<typeof UnblockTasksParams>;

export const RetryDeadLettersParams = z.strictObject({
  /** The dead-lettered jobs to retry; absent: every dead letter of the workspace (the oldest 500). */
  job_ids: z.array(z.string().min(1).max(64)).min(1).max(ACTION_MAX_IDS).optional(),
});
export type RetryDeadLettersParams = z.infer<typeof RetryDeadLettersParams>;

/**
 * A backup's bare file name in the backup dir, as backup-now names them (decisionos-<UTC time>[-tag].sqlite|dump):
 * anything else (a path, `..`, another file of the data dir) is refused before the engine looks at the disk.
 */
export const BACKUP_NAME_PATTERN = /^decisionos-(\d{4})-(\d{2})-(\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z(?:-(before-v\d{1,4}|replaced))?\.(sqlite|dump)$/;
export const BackupFileName = z
  .string()
  .max(64)
  .regex(BACKUP_NAME_PATTERN, 'a backup file name in the backup dir, e.g. decisionos-2026-12-03T12-18-00.123Z.sqlite');

export const RestoreBackupParams = z.strictObject({
  file: BackupFileName.describe('a backup in <data dir>/backups; the check last-backup names the newest'),
});
export type RestoreBackupParams = z.infer<typeof RestoreBackupParams>;

export const BreakerParams = z.strictObject({ integration: z.string().min(1).max(64) });
export type BreakerParams = z.infer<typeof BreakerParams>;

export const ActionInfo = z.object({
  id: ActionId,
  title: z.string(),
  description: z.string(),
  scope: Scope,
  /** The params as JSON Schema (what the body's `params` must be). */
  params_schema: JsonObject,
});
export type ActionInfo = z.infer<typeof ActionInfo>;

export const ActionList = z.object({ items: z.array(ActionInfo) });
export type ActionList = z.infer<typeof ActionList>;

/** What a run will touch, before it runs. */
export const ActionPreview = z.object({
  action_id: ActionId,
  summary: z.string(),
  touches: z.object({
    /** What changes, counted (e.g. { tasks: 12 } or { queue: 1 }). */
    counts: z.record(z.string(), z.number().int().min(0)),
    /** The ids it touches, at most ACTION_MAX_IDS. */
    ids: z.array(z.string()),
    /** How many ids there are in all. */
    total: z.number().int().min(0),
  }),
  /** Cannot be taken back: the run needs `confirm` typed exactly. */
  destructive: z.boolean(),
  confirm: z.string().nullable(),
  /** The params to run with: the preview's selection pinned (ids instead of "all"), so the run touches only what was shown. */
  params: JsonObject,
});
export type ActionPreview = z.infer<typeof ActionPreview>;

export const ActionUndo = z.object({ action_id: ActionId, params: JsonObject, title: z.string() });
export type ActionUndo = z.infer<typeof ActionUndo>;

export const ActionRunResult = z.object({
  action_id: ActionId,
  summary: z.string(),
  counts: z.record(z.string(), z.number().int().min(0)),
  /** How far it got: done of total steps. */
  progress: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }),
  duration_ms: z.number().min(0),
  /** The RUNBOOK_ACTION event that records the run (on the timeline). */
  audit_id: z.string(),
  /** The action that takes this one back, with its params, when there is one. */
  undo: ActionUndo.nullable(),
});
export type ActionRunResult = z.infer<typeof ActionRunResult>;

const ActionParamsInput = z.record(z.string(), z.unknown()).default({});

export const PreviewActionInput = z.strictObject({ action_id: ActionId, params: ActionParamsInput });
export type PreviewActionInput = z.infer<typeof PreviewActionInput>;

export const RunActionInput = z.strictObject({
  action_id: ActionId,
  params: ActionParamsInput,
  reason: z.string().trim().min(3, 'say why').max(2000),
  /** For a destructive action: the preview's `confirm`, typed. */
  confirm: z.string().max(200).optional(),
});
export type RunActionInput = z.infer<typeof RunActionInput>;
