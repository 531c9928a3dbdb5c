import type { AuditStore } from '../../ports/audit-store';
import type { Outbox } from '../../ports/outbox';
import type { PgPool } from './pg-pool';
import type { PgDecisionStoreOptions } from './pg-store-options';
import { pgDecisionWrites } from './pg-decision-writes';
import { pgDecisionReads } from './pg-decision-reads';
import { pgOutbox } from './pg-outbox';
import { pgEntityReads } from './pg-entity-reads';
import { pgTimelineReads } from './pg-timeline-reads';
import { pgAuditExportReads } from './pg-audit-export-reads';
import { pgPolicyReads, pgPolicyWrites } from './pg-policy-repository';
import { pgKeyReads, pgKeyWrites } from './pg-key-repository';
import { pgOpsAuditLog } from './pg-ops-audit-log';
import { pgRetention } from './pg-retention';
import { pgStoreHealth } from './pg-store-health';

/** The audit store on Postgres with its outbox: every process of a deployment opens one on its own pool. */
export interface PostgresStore extends AuditStore, Outbox {}

export function createPostgresStore(pool: PgPool, options: PgDecisionStoreOptions = {}): PostgresStore {
  return {
    ...pgDecisionWrites(pool, options),
    ...pgDecisionReads(pool, options),
    ...pgOutbox(pool),
    ...pgEntityReads(pool),
    ...pgTimelineReads(pool),
    ...pgAuditExportReads(pool),
    ...pgPolicyReads(pool),
    ...pgPolicyWrites(pool),
    ...pgKeyReads(pool),
    ...pgKeyWrites(pool),
    ...pgOpsAuditLog(pool),
    ...pgRetention(pool),
    ...pgStoreHealth(pool),
  };
}
