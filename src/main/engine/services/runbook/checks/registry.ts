import type { Check } from './check';
import { queueDepth } from './queue-depth';
import { liveWorkers } from './live-workers';
import { failureRate } from './failure-rate';
import { orphanedDecisions } from './orphaned-decisions';
import { decisionLag } from './decision-lag';
import { reviewBacklog } from './review-backlog';
import { blockedTasks } from './blocked-tasks';
import { database } from './database';
import { databaseIntegrity } from './database-integrity';
import { requiredIndexes } from './required-indexes';
import { traceQueryPlan } from './trace-query-plan';
import { breakers } from './breakers';
import { alertEngine } from './alert-engine';
import { webhookDeliveries } from './webhook-deliveries';
import { redisAndOutbox } from './redis-and-outbox';
import { diskSpace } from './disk-space';
import { lastBackup } from './last-backup';
import { keyRotations } from './key-rotations';

/** Every check the engine runs, in the order a report lists them. Ids are unique (a unit test holds it). */
export const CHECKS: readonly Check[] = [
  queueDepth,
  liveWorkers,
  failureRate,
  orphanedDecisions,
  decisionLag,
  reviewBacklog,
  blockedTasks,
  database,
  databaseIntegrity,
  requiredIndexes,
  traceQueryPlan,
  breakers,
  alertEngine,
  webhookDeliveries,
  redisAndOutbox,
  diskSpace,
  lastBackup,
  keyRotations,
];

export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);
