/**
 * Seeds the audit store's tables with plain SQL, one implementation per backend, so the contract cases can set up
 * decisions, audits and entities without the decision-writes port (and read back what no read port shows: ops
 * audits, row counts). The rows are described once, backend-neutrally; each side only converts times and JSON.
 */
import type { Db } from '../../src/main/engine/adapters/sqlite/database';
import { toSqlTime, toSqlTimeOrNull } from '../../src/main/engine/adapters/sqlite/sql-time';
import { sqlTimeToMs } from '../../src/main/engine/adapters/store-rows/stored-time';
import type { PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import type { OpsAudit } from '../../src/main/engine/ports/audit-store';
import type { DecisionStatus, DecisionType, DecisionView, Finding, Review } from '../../src/shared/schemas/decision';
import type { EntityKind } from '../../src/shared/entities';
import type { JsonObject } from '../../src/shared/schemas/common';

export interface SeedTask {
  workspaceId: string;
  taskId: string;
  decisionType: DecisionType;
  status: string;
  createdAt: number;
  updatedAt: number;
}

export interface SeedDecision {
  decisionId: string;
  workspaceId: string;
  taskId: string;
  decisionType: DecisionType;
  status: DecisionStatus;
  inputs: JsonObject;
  findings: Finding[];
  riskScore: number | null;
  review: Review | null;
  createdAt: number;
  processedAt: number | null;
  lagMs: number | null;
}

export interface SeedAudit {
  auditId: string;
  workspaceId: string;
  taskId: string;
  decisionId: string | null;
  eventType: string;
  actor: string | null;
  payload: Record<string, unknown>;
  createdAt: number;
  reasonCode?: string | null;
  lagMs?: number | null;
}

export interface SeedEntity {
  workspaceId: string;
  entityId: string;
  kind: EntityKind;
  decisionId: string;
  createdAt: number;
}

export interface SeedTaskEvent {
  eventId: string;
  workspaceId: string;
  taskId: string;
  decisionId: string | null;
  createdAt: number;
}

export interface SeedIdempotencyKey {
  workspaceId: string;
  clientRequestId: string;
  decisionId: string;
  expiresAt: number;
}

export interface SeedStatsMinute {
  workspaceId: string;
  minute: number;
  decisionType: DecisionType;
  status: DecisionStatus;
  count: number;
}

export const SEEDED_TABLES = [
  'tasks', 'decisions', 'task_audits', 'task_events', 'decision_entities', 'ops_audits', 'idempotency_keys', 'decision_stats_minute',
] as const;
export type SeededTable = (typeof SEEDED_TABLES)[number];

export interface StoreSeed {
  task(row: SeedTask): Promise<void>;
  decision(row: SeedDecision): Promise<void>;
  audit(row: SeedAudit): Promise<void>;
  entity(row: SeedEntity): Promise<void>;
  taskEvent(row: SeedTaskEvent): Promise<void>;
  idempotencyKey(row: SeedIdempotencyKey): Promise<void>;
  statsMinute(row: SeedStatsMinute): Promise<void>;
  opsAudit(row: OpsAudit): Promise<void>;
  /** Every ops audit, oldest first, read back into the port's shape. */
  opsAudits(): Promise<OpsAudit[]>;
  count(table: SeededTable): Promise<number>;
  /** Runs one statement both backends accept as written (schema damage for the health checks, e.g. DROP INDEX). */
  execute(statement: string): Promise<void>;
}

/** The defaults a seeded decision's other columns get; `decisionViewOf` is what every read must return for it. */
const POLICY = { version: 1, hash: 'seed-policy-hash' };

export function decisionViewOf(d: SeedDecision): DecisionView {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    decision_id: d.decisionId,
    workspace_id: d.workspaceId,
    task_id: d.taskId,
    decision_type: d.decisionType,
    status: d.status,
    client_request_id: null,
    inputs: d.inputs,
    signals: null,
    findings: d.findings,
    risk_score: d.riskScore,
    policy_version: POLICY.version,
    policy_hash: POLICY.hash,
    attempts: 1,
    last_error: null,
    source_event_ts: null,
    enqueued_at: iso(d.createdAt),
    processed_at: d.processedAt === null ? null : iso(d.processedAt),
    lag_ms: d.lagMs,
    review: d.review,
    created_at: iso(d.createdAt),
    updated_at: iso(d.processedAt ?? d.createdAt),
  };
}

const DECISION_COLUMNS = `decision_id, workspace_id, task_id, decision_type, status, inputs, findings, risk_score, policy_version,
  policy_hash, attempts, enqueued_at, processed_at, lag_ms, review, created_at, updated_at`;

export function sqliteSeed(db: Db): StoreSeed {
  const run = (sql: string, ...args: unknown[]) => {
    db.prepare(sql).run(...args);
    return Promise.resolve();
  };
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return {
    execute: (statement) => run(statement),
    task: (t) =>
      run('INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        t.workspaceId, t.taskId, t.decisionType, t.status, toSqlTime(t.createdAt), toSqlTime(t.updatedAt)),
    decision: (d) =>
      run(`INSERT INTO decisions (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
        d.decisionId, d.workspaceId, d.taskId, d.decisionType, d.status, json(d.inputs), json(d.findings), d.riskScore,
        POLICY.version, POLICY.hash, toSqlTime(d.createdAt), toSqlTimeOrNull(d.processedAt), d.lagMs, json(d.review),
        toSqlTime(d.createdAt), toSqlTime(d.processedAt ?? d.createdAt)),
    audit: (a) =>
      run(`INSERT INTO task_audits (audit_id, workspace_id, task_id, decision_id, event_type, actor, payload, created_at, reason_code, lag_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        a.auditId, a.workspaceId, a.taskId, a.decisionId, a.eventType, a.actor, json(a.payload), toSqlTime(a.createdAt),
        a.reasonCode ?? null, a.lagMs ?? null),
    entity: (e) =>
      run('INSERT INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind) VALUES (?, ?, ?, ?, ?)',
        e.workspaceId, e.entityId, toSqlTime(e.createdAt), e.decisionId, e.kind),
    taskEvent: (e) =>
      run(`INSERT INTO task_events (event_id, workspace_id, task_id, decision_id, event_type, payload, created_at)
           VALUES (?, ?, ?, ?, 'decision.requested', '{}', ?)`,
        e.eventId, e.workspaceId, e.taskId, e.decisionId, toSqlTime(e.createdAt)),
    idempotencyKey: (k) =>
      run(`INSERT INTO idempotency_keys (workspace_id, client_request_id, payload_hash, decision_id, expires_at) VALUES (?, ?, 'h', ?, ?)`,
        k.workspaceId, k.clientRequestId, k.decisionId, k.expiresAt),
    statsMinute: (s) =>
      run(`INSERT INTO decision_stats_minute (workspace_id, minute, decision_type, status, count, lag_histogram) VALUES (?, ?, ?, ?, ?, '{}')`,
        s.workspaceId, s.minute, s.decisionType, s.status, s.count),
    opsAudit: (e) =>
      run(`INSERT INTO ops_audits (audit_id, workspace_id, event_type, actor, target, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        e.auditId, e.workspaceId, e.eventType, e.actor, e.target, json(e.payload), toSqlTime(e.createdAt)),
    async opsAudits() {
      const rows = db.prepare('SELECT * FROM ops_audits ORDER BY seq').all() as Record<string, string>[];
      return rows.map((r) => ({
        auditId: r.audit_id as string,
        workspaceId: r.workspace_id as string,
        eventType: r.event_type as OpsAudit['eventType'],
        actor: r.actor as string,
        target: r.target as string,
        payload: JSON.parse(r.payload as string),
        createdAt: sqlTimeToMs(r.created_at as string),
      }));
    },
    async count(table) {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    },
  };
}

export function postgresSeed(pool: PgPool): StoreSeed {
  const run = async (sql: string, ...args: unknown[]) => {
    await pool.query(sql, args);
  };
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const time = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    execute: (statement) => run(statement),
    task: (t) =>
      run('INSERT INTO tasks (workspace_id, task_id, decision_type, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        t.workspaceId, t.taskId, t.decisionType, t.status, time(t.createdAt), time(t.updatedAt)),
    decision: (d) =>
      run(`INSERT INTO decisions (${DECISION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $13, $14, $15, $16)`,
        d.decisionId, d.workspaceId, d.taskId, d.decisionType, d.status, json(d.inputs), json(d.findings), d.riskScore,
        POLICY.version, POLICY.hash, time(d.createdAt), time(d.processedAt), d.lagMs, json(d.review),
        time(d.createdAt), time(d.processedAt ?? d.createdAt)),
    audit: (a) =>
      run(`INSERT INTO task_audits (audit_id, workspace_id, task_id, decision_id, event_type, actor, payload, created_at, reason_code, lag_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        a.auditId, a.workspaceId, a.taskId, a.decisionId, a.eventType, a.actor, json(a.payload), time(a.createdAt),
        a.reasonCode ?? null, a.lagMs ?? null),
    entity: (e) =>
      run('INSERT INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind) VALUES ($1, $2, $3, $4, $5)',
        e.workspaceId, e.entityId, time(e.createdAt), e.decisionId, e.kind),
    taskEvent: (e) =>
      run(`INSERT INTO task_events (event_id, workspace_id, task_id, decision_id, event_type, payload, created_at)
           VALUES ($1, $2, $3, $4, 'decision.requested', '{}', $5)`,
        e.eventId, e.workspaceId, e.taskId, e.decisionId, time(e.createdAt)),
    idempotencyKey: (k) =>
      run(`INSERT INTO idempotency_keys (workspace_id, client_request_id, payload_hash, decision_id, expires_at) VALUES ($1, $2, 'h', $3, $4)`,
        k.workspaceId, k.clientRequestId, k.decisionId, k.expiresAt),
    statsMinute: (s) =>
      run(`INSERT INTO decision_stats_minute (workspace_id, minute, decision_type, status, count, lag_histogram) VALUES ($1, $2, $3, $4, $5, '{}')`,
        s.workspaceId, s.minute, s.decisionType, s.status, s.count),
    opsAudit: (e) =>
      run(`INSERT INTO ops_audits (audit_id, workspace_id, event_type, actor, target, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        e.auditId, e.workspaceId, e.eventType, e.actor, e.target, json(e.payload), time(e.createdAt)),
    async opsAudits() {
      const { rows } = await pool.query('SELECT * FROM ops_audits ORDER BY seq');
      return rows.map((r) => ({
        auditId: r.audit_id,
        workspaceId: r.workspace_id,
        eventType: r.event_type,
        actor: r.actor,
        target: r.target,
        payload: r.payload,
        createdAt: r.created_at,
      }));
    },
    async count(table) {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      return rows[0]?.n ?? 0;
    },
  };
}

/** Empties every table of a migrated Postgres database, so each case starts from nothing as a fresh SQLite does. */
export async function truncatePostgres(pool: PgPool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
  );
  await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY`);
}
