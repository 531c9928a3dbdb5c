import { z } from 'zod';
import { ExternalId, IsoTimestamp, JsonObject } from './common';
import { DecisionType } from './decision';
import { RemovedJobsFileName } from './removed-jobs';
import { SilenceMatcher, MAX_SILENCE_MATCHERS } from './alerts';
import { Scope } from '../scopes';
import { RUNTIME_SETTING_NAMES, RUNTIME_SETTINGS } from '../runtime-settings';

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

/** A queue job's id (ours or BullMQ's: the decision id). */
const JobId = z.string().min(1).max(128);

export const PurgeQueuedJobsParams = z
  .strictObject({
    /** Waiting jobs of this decision type, ... */
    decision_type: DecisionType.optional(),
    /** ... of these tasks, ... */
    task_ids: z.array(ExternalId).min(1).max(ACTION_MAX_IDS).optional(),
    /** ... whose decision was enqueued before / after this time (both exclusive); every field given must match. */
    enqueued_before: IsoTimestamp.optional(),
    enqueued_after: IsoTimestamp.optional(),
    /** The jobs the preview listed (it pins them here): a run removes none but these, however many arrive meanwhile. */
    job_ids: z.array(JobId).min(1).max(ACTION_MAX_IDS).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'give at least one of decision_type, task_ids, enqueued_before, enqueued_after, job_ids');
export type PurgeQueuedJobsParams = z.infer<typeof PurgeQueuedJobsParams>;

export const DiscardDeadLettersParams = z.strictObject({
  /** The dead-lettered jobs to discard; absent: every dead letter of the workspace (the oldest 500). */
  job_ids: z.array(JobId).min(1).max(ACTION_MAX_IDS).optional(),
});
export type DiscardDeadLettersParams = z.infer<typeof DiscardDeadLettersParams>;

export const RestoreJobsParams = z.strictObject({
  /** The bare name of a purge's or discard's file, as its result's undo names it. */
  file: RemovedJobsFileName,
});
export type RestoreJobsParams = z.infer<typeof RestoreJobsParams>;
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
/** The most days of retention prune-now takes (ten years), as DECISIONOS_RETENTION_DAYS does. */
export const MAX_RETENTION_DAYS = 3650;

export const PruneNowParams = z.strictObject({
  /** Delete what is older than this many days; absent: the configured retention. */
  retention_days: z.number().int().min(1).max(MAX_RETENTION_DAYS).optional(),
  /**
   * The moment the preview counted at (ms since the epoch), pinned by the preview so the run deletes what it counted
   * and not what crossed the cutoff meanwhile. Never later than now.
   */
  as_of: z.number().int().min(0).max(8_640_000_000_000_000).optional(),
});
export type PruneNowParams = z.infer<typeof PruneNowParams>;

/** send-test-webhook: one receiver by name, or every configured receiver when left out. */
export const SendTestWebhookParams = z.strictObject({ receiver: z.string().min(1).max(32).optional() });
export type SendTestWebhookParams = z.infer<typeof SendTestWebhookParams>;

export const BreakerParams = z.strictObject({ integration: z.string().min(1).max(64) });
export type BreakerParams = z.infer<typeof BreakerParams>;

/** The statuses a decision can be re-judged from: the terminal ones. */
export const TerminalStatus = z.enum(['approved', 'needs_review', 'blocked', 'failed']);

const REJUDGE_FILTERS = ['finding', 'status', 'decision_type', 'since', 'until'] as const;

export const RejudgeDecisionsParams = z
  .strictObject({
    /** These decisions (those no longer terminal, or reviewed, are left alone), or ... */
    decision_ids: z.array(ExternalId).min(1).max(ACTION_MAX_IDS).optional(),
    /** ... the terminal decisions of the caller's workspace matching every filter given: one of their findings has this code, */
    finding: z.string().min(1).max(128).optional(),
    status: TerminalStatus.optional(),
    decision_type: DecisionType.optional(),
    /** created at or after `since` and before `until`. */
    since: IsoTimestamp.optional(),
    until: IsoTimestamp.optional(),
  })
  .refine(
    (p) => (p.decision_ids !== undefined) !== REJUDGE_FILTERS.some((f) => p[f] !== undefined),
    'give decision_ids, or at least one of finding, status, decision_type, since, until (not both)',
  )
  .refine((p) => p.since === undefined || p.until === undefined || Date.parse(p.since) < Date.parse(p.until), 'since must be before until');
export type RejudgeDecisionsParams = z.infer<typeof RejudgeDecisionsParams>;

export const RotateApiKeyParams = z.strictObject({
  /** The key to replace (its id, as `keys list` and GET /api/session show it), of the caller's workspace. */
  key_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a key id: letters, digits, _ and - (max 64)'),
  /** How long the old key stays valid next to the new one: 0 (revoked at once) to 10080 (a week). */
  grace_minutes: z.number().int().min(0).max(10_080),
});
export type RotateApiKeyParams = z.infer<typeof RotateApiKeyParams>;

/** A week: the longest a mute or a runbook silence lasts. */
export const MAX_MUTE_MINUTES = 10_080;
const Minutes = z.number().int().min(1).max(MAX_MUTE_MINUTES, `at most ${MAX_MUTE_MINUTES} minutes (7 days)`);

export const MuteNotificationsParams = z
  .strictObject({
    /** For this many minutes from now, or ... */
    minutes: Minutes.optional(),
    /** ... until this time (at most 7 days ahead). The preview pins `until`. */
    until: IsoTimestamp.optional(),
  })
  .refine((p) => (p.minutes === undefined) !== (p.until === undefined), 'give minutes or until (one of them)');
export type MuteNotificationsParams = z.infer<typeof MuteNotificationsParams>;

export const ThrottleAffiliateParams = z.strictObject({
  affiliate_id: ExternalId,
  /** Reconciliation submissions a minute the affiliate may make, on all API processes together. */
  per_minute: z.number().int().min(1).max(1_000_000),
  /** When the throttle lifts by itself (at most 30 days ahead); without it, it holds until lift-affiliate-throttle. */
  until: IsoTimestamp.optional(),
});
export type ThrottleAffiliateParams = z.infer<typeof ThrottleAffiliateParams>;

export const LiftAffiliateThrottleParams = z.strictObject({ affiliate_id: ExternalId });
export type LiftAffiliateThrottleParams = z.infer<typeof LiftAffiliateThrottleParams>;

export const SilenceAlertParams = z.strictObject({
  /** The alert rule (its alertname) to silence. */
  alert: z.string().min(1).max(64),
  minutes: Minutes,
  /** More label matchers, all of which must hold too (e.g. severity). */
  matchers: z.array(SilenceMatcher).max(MAX_SILENCE_MATCHERS - 1).optional(),
});
export type SilenceAlertParams = z.infer<typeof SilenceAlertParams>;

export const ExpireSilenceParams = z.strictObject({ silence_id: z.string().min(1).max(64) });
export type ExpireSilenceParams = z.infer<typeof ExpireSilenceParams>;

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
  /**
   * A credential the run made (rotate-api-key: the new API key), shown this once: it is in no audit event and
   * cannot be read again.
   */
  secret: z.string().optional(),
});
export type ActionRunResult = z.infer<typeof ActionRunResult>;

const ActionParamsInput = z.record(z.string(), z.unknown()).default({});

export const PreviewActionInput = z.strictObject({ action_id: ActionId, params: ActionParamsInput });
export type PreviewActionInput = z.infer<typeof PreviewActionInput>;

/** A run's id, chosen by the client, under which the engine keeps the run's progress while it runs. */
export const RunId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, _ or -');

export const RunActionInput = z.strictObject({
  action_id: ActionId,
  /** When given, the run's progress can be read at GET /api/runbook/runs/:run_id while it runs. */
  run_id: RunId.optional(),
  params: ActionParamsInput,
  reason: z.string().trim().min(3, 'say why').max(2000),
  /** For a destructive action: the preview's `confirm`, typed. */
  confirm: z.string().max(200).optional(),
});
export type RunActionInput = z.infer<typeof RunActionInput>;

/** How far a run has got, while it runs (kept until it ends). */
export const ActionProgress = z.object({
  run_id: RunId,
  action_id: ActionId,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type ActionProgress = z.infer<typeof ActionProgress>;

export const GetActionProgressInput = z.strictObject({ run_id: RunId });

/** One incident of RUNBOOK.md: its prose for a person and the ids its `runbook` block names. */
export const RunbookIncidentView = z.object({
  id: z.string(),
  title: z.string().nullable(),
  /** Markdown, as RUNBOOK.md writes it. */
  symptoms: z.string(),
  checks: z.array(z.string()),
  actions: z.array(z.string()),
});
export type RunbookIncidentView = z.infer<typeof RunbookIncidentView>;

export const IncidentList = z.object({ items: z.array(RunbookIncidentView) });
export type IncidentList = z.infer<typeof IncidentList>;

export const ChangeSettingParams = z
  .strictObject({
    /** One of RUNTIME_SETTINGS. */
    name: z.enum(RUNTIME_SETTING_NAMES),
    value: z.number().int(),
    target: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('the integration (breaker settings) or workspace (rate_limit_per_minute) the value applies to; left out for an engine-wide setting'),
  })
  .superRefine((p, ctx) => {
    const { min, max, target } = RUNTIME_SETTINGS[p.name];
    if (p.value < min || p.value > max) ctx.addIssue({ code: 'custom', path: ['value'], message: `${p.name} must be between ${min} and ${max}` });
    if (target !== null && p.target === undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: `${p.name} is set per ${target}: name the ${target} as target` });
    if (target === null && p.target !== undefined) ctx.addIssue({ code: 'custom', path: ['target'], message: `${p.name} applies to the whole engine: leave target out` });
  });
export type ChangeSettingParams = z.infer<typeof ChangeSettingParams>;
