import type { CheckNumbers, CheckStatus } from '../../../../../shared/schemas/checks';
import type { DeliveryView } from '../../../../../shared/schemas/alerts';
import type { BreakerView } from '../../../../../shared/schemas/integrations';
import type { Ready } from '../../../../../shared/schemas/system';
import type { AuditStore } from '../../../ports/audit-store';
import type { JobQueue } from '../../../ports/job-queue';
import type { Clock } from '../../../ports/clock';
import type { WorkerRegistry } from '../../../ports/worker-registry';
import type { AlertingStatus } from '../../alerting/telemetry';
import type { BackupDir } from '../../../ports/database-backup';

export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

/** What the checks read: ports and the engine's own state, wired once by the composition root. */
export interface CheckSources {
  store: AuditStore;
  queue: JobQueue;
  clock: Clock;
  mode: 'embedded' | 'production';
  workers: Pick<WorkerRegistry, 'list'>;
  /** The breakers as GET /api/breakers shows them. */
  breakers(): Promise<{ items: BreakerView[] }>;
  alerting(): AlertingStatus;
  /** Every receiver's deliveries, newest first; null when no alert receiver is configured. */
  deliveries(): DeliveryView[] | null;
  /** The notification mute in force now (mute-notifications), or null. */
  notificationsMuted(): Promise<{ until: number; by: string; reason: string } | null>;
  /** The backends' own /ready entries (Redis, its eviction policy, the outbox; none when embedded). */
  backendReadiness(): Promise<Ready['checks']>;
  dataDir: string;
  diskSpace(dir: string): Promise<DiskSpace>;
  /** The backup dir and the schedule the backup age is held to. */
  backups: { dir: Pick<BackupDir, 'list' | 'path'>; everyMs: number | null };
}

/** One run: the sources, the caller's workspace (for what the store keeps per workspace) and the time it started. */
export interface CheckContext extends CheckSources {
  workspaceId: string;
  now: number;
}

export interface CheckOutcome {
  status: CheckStatus;
  /** One sentence with the numbers. */
  summary: string;
  numbers: CheckNumbers;
}

export interface Check {
  /** kebab-case; RUNBOOK.md names checks by it. */
  id: string;
  title: string;
  /** It reads the whole database: too costly for periodic runs, which ask to skip it. */
  heavy?: true;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** The worst of the statuses: fail over warn over pass. */
export function worst(...statuses: CheckStatus[]): CheckStatus {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass';
}

/** `value` against a warn and a fail line (above the line is worse). */
export function against(value: number | null, warnAbove: number, failAbove: number): CheckStatus {
  if (value === null) return 'pass';
  return value > failAbove ? 'fail' : value > warnAbove ? 'warn' : 'pass';
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
export const seconds = (ms: number): number => Math.round(ms / 100) / 10;
