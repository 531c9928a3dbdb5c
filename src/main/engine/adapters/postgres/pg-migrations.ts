/**
 * The Postgres schema, applied by `decisionos migrate`; `schema_migrations` records each version applied. The
 * tables and columns are SQLite's (the runbooks' names), with Postgres types: times are timestamptz, JSON is jsonb,
 * epoch-millisecond schedules stay bigint. Never edit a released migration: add the next one.
 *
 * Postgres shares no transaction with the queue (BullMQ on Redis), so `supervisor_inbox` is the transactional
 * outbox here: a row commits with its decision and the relay deletes it once the job is on the queue. What waits in
 * it is what the queue has not yet seen.
 */
export const PG_MIGRATIONS: readonly string[] = [
  /* 1: the schema of SQLite migrations 1 to 6, for a database that starts empty */ `
  CREATE TABLE tasks (
    workspace_id     text NOT NULL DEFAULT 'default',
    task_id          text NOT NULL,
    decision_type    text NOT NULL,
    status           text NOT NULL,
    last_decision_id text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, task_id)
  );
  CREATE INDEX idx_tasks_attention ON tasks(workspace_id, status, updated_at) WHERE status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED');

  CREATE TABLE decisions (
    decision_id       text PRIMARY KEY,
    workspace_id      text NOT NULL,
    task_id           text NOT NULL,
    decision_type     text NOT NULL,
    status            text NOT NULL CHECK (status IN ('queued','processing','approved','needs_review','blocked','failed')),
    client_request_id text,
    inputs            jsonb NOT NULL,
    signals           jsonb,
    findings          jsonb NOT NULL DEFAULT '[]',
    risk_score        double precision,
    policy_version    integer,
    policy_hash       text,
    attempts          integer NOT NULL DEFAULT 0,
    last_error        text,
    source_event_ts   timestamptz,
    enqueued_at       timestamptz NOT NULL,
    processing_started_at timestamptz,
    processed_at      timestamptz,
    lag_ms            double precision,
    review            jsonb,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  CREATE INDEX idx_decisions_recent ON decisions(workspace_id, created_at, decision_id);
  CREATE INDEX idx_decisions_status ON decisions(workspace_id, status, created_at);
  CREATE INDEX idx_decisions_task ON decisions(workspace_id, task_id, created_at);
  -- NULLS FIRST: a decision without a score sorts below every score, as in SQLite; the list reads it both ways.
  CREATE INDEX idx_decisions_risk ON decisions(workspace_id, risk_score NULLS FIRST, decision_id);

  CREATE TABLE task_audits (
    seq                     bigserial PRIMARY KEY,
    audit_id                text NOT NULL UNIQUE,
    workspace_id            text NOT NULL DEFAULT 'default',
    task_id                 text NOT NULL,
    decision_id             text,
    event_type              text NOT NULL,
    actor                   text,
    payload                 jsonb NOT NULL DEFAULT '{}',
    created_at              timestamptz NOT NULL DEFAULT now(),
    source_event_ts         timestamptz,
    supervisor_processed_at timestamptz,
    decision_type           text,
    reason_code             text,
    lag_ms                  double precision,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  -- The indexes the governance runbook requires.
  CREATE INDEX idx_task_audits_task_id ON task_audits(task_id);
  CREATE INDEX idx_task_audits_decision_id ON task_audits(decision_id);
  CREATE INDEX idx_task_audits_created_at ON task_audits(created_at);
  CREATE INDEX idx_task_audits_event_type ON task_audits(event_type);
  -- Trace paging: unlike SQLite's rowid, Postgres index entries do not end with seq, so the page walks its own index.
  CREATE INDEX idx_task_audits_trace ON task_audits(task_id, seq);
  CREATE INDEX idx_task_audits_blocked ON task_audits(workspace_id, created_at, reason_code, task_id)
    WHERE event_type = 'SUPERVISOR_BLOCKED';
  CREATE INDEX idx_task_audits_timeline ON task_audits(workspace_id, created_at)
    WHERE event_type IN ('SUPERVISOR_BLOCKED', 'REVIEW_APPROVED', 'REVIEW_REJECTED', 'REVIEW_UNDONE', 'MANUAL_UNBLOCK', 'RUNBOOK_ACTION');

  CREATE TABLE task_events (
    event_id     text PRIMARY KEY,
    workspace_id text NOT NULL DEFAULT 'default',
    task_id      text NOT NULL,
    decision_id  text,
    event_type   text NOT NULL,
    payload      jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  CREATE INDEX idx_task_events_task_id ON task_events(task_id);
  CREATE INDEX idx_task_events_created_at ON task_events(created_at);

  -- The outbox (see above): one row per job the queue has not yet received. job is the QueuedJob the relay sends.
  CREATE TABLE supervisor_inbox (
    outbox_id    bigserial PRIMARY KEY,
    job_id       text NOT NULL,
    decision_id  text NOT NULL,
    workspace_id text NOT NULL,
    task_id      text NOT NULL,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending')),
    job          jsonb NOT NULL,
    created_at   timestamptz NOT NULL
  );
  CREATE INDEX idx_supervisor_inbox_task_id ON supervisor_inbox(task_id);
  CREATE INDEX idx_supervisor_inbox_status ON supervisor_inbox(status);

  CREATE TABLE idempotency_keys (
    workspace_id      text NOT NULL,
    client_request_id text NOT NULL,
    payload_hash      text NOT NULL,
    decision_id       text NOT NULL,
    expires_at        bigint NOT NULL,
    PRIMARY KEY (workspace_id, client_request_id)
  );
  CREATE INDEX idx_idempotency_expiry ON idempotency_keys(expires_at);

  CREATE TABLE policy_versions (
    workspace_id text NOT NULL,
    version      integer NOT NULL,
    hash         text NOT NULL,
    name         text NOT NULL,
    document     jsonb NOT NULL,
    author       text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, version),
    UNIQUE (workspace_id, hash)
  );

  CREATE TABLE workspace_settings (
    workspace_id text NOT NULL,
    key          text NOT NULL,
    value        text NOT NULL,
    PRIMARY KEY (workspace_id, key)
  );

  CREATE TABLE api_keys (
    key_id       text PRIMARY KEY,
    workspace_id text NOT NULL,
    name         text NOT NULL,
    secret_hash  text NOT NULL UNIQUE,
    scopes       jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
  );

  CREATE TABLE ops_audits (
    seq          bigserial PRIMARY KEY,
    audit_id     text NOT NULL UNIQUE,
    workspace_id text NOT NULL,
    event_type   text NOT NULL,
    actor        text NOT NULL,
    target       text NOT NULL,
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL
  );
  CREATE INDEX idx_ops_audits_created_at ON ops_audits(created_at);

  CREATE TABLE decision_stats_minute (
    workspace_id  text NOT NULL,
    minute        bigint NOT NULL,
    decision_type text NOT NULL,
    status        text NOT NULL,
    count         bigint NOT NULL,
    lag_histogram jsonb NOT NULL,
    PRIMARY KEY (workspace_id, minute, decision_type, status)
  );

  CREATE TABLE engine_state (
    key   text PRIMARY KEY,
    value text NOT NULL
  );

  CREATE TABLE decision_entities (
    workspace_id text NOT NULL,
    entity_id    text NOT NULL,
    created_at   timestamptz NOT NULL,
    decision_id  text NOT NULL REFERENCES decisions(decision_id) ON DELETE CASCADE,
    entity_kind  text NOT NULL,
    PRIMARY KEY (workspace_id, entity_id, created_at, decision_id, entity_kind)
  );
  CREATE INDEX idx_decision_entities_decision ON decision_entities(decision_id);
  `,
  // 2: a key rotated with a grace period (rotate-api-key) stays valid until expires_at; NULL: no expiry.
  `
  ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
  `,
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;
