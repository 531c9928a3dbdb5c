
/**
 * Schema migrations, applied in order at start; PRAGMA user_version records how far a file has come.
 * Table and column names are the runbooks' (tasks, task_audits, task_events, supervisor_inbox) so their
 * diagnostic SQL runs unchanged. Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the decision pipeline */ `
  CREATE TABLE tasks (
    workspace_id     TEXT NOT NULL DEFAULT 'default',
    task_id          TEXT NOT NULL,
    decision_type    TEXT NOT NULL,
    status           TEXT NOT NULL,
    last_decision_id TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (workspace_id, task_id)
  );
  -- Only the states someone looks for: most tasks end RUNNING and never need finding by status.
  CREATE INDEX idx_tasks_attention ON tasks(workspace_id, status, updated_at) WHERE status IN ('BLOCKED', 'NEEDS_REVIEW', 'FAILED');

  CREATE TABLE decisions (
    decision_id       TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL,
    task_id           TEXT NOT NULL,
    decision_type     TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('queued','processing','approved','needs_review','blocked','failed')),
    client_request_id TEXT,
    inputs            TEXT NOT NULL,
    signals           TEXT,
    findings          TEXT NOT NULL DEFAULT '[]',
    risk_score        REAL,
    policy_version    INTEGER,
    policy_hash       TEXT,
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT,
    source_event_ts   TEXT,
    enqueued_at       TEXT NOT NULL,
    processing_started_at TEXT,
    processed_at      TEXT,
    lag_ms            REAL,
    review            TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  CREATE INDEX idx_decisions_recent ON decisions(workspace_id, created_at, decision_id);
  CREATE INDEX idx_decisions_status ON decisions(workspace_id, status, created_at);
  CREATE INDEX idx_decisions_task ON decisions(workspace_id, task_id, created_at);

  CREATE TABLE task_audits (
    seq                     INTEGER PRIMARY KEY,
    audit_id                TEXT NOT NULL UNIQUE,
    workspace_id            TEXT NOT NULL DEFAULT 'default',
    task_id                 TEXT NOT NULL,
    decision_id             TEXT,
    event_type              TEXT NOT NULL,
    actor                   TEXT,
    payload                 TEXT NOT NULL DEFAULT '{}',
    created_at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')),
    source_event_ts         TEXT,
    supervisor_processed_at TEXT,
    decision_type           TEXT,
    reason_code             TEXT,
    lag_ms                  REAL,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  -- The indexes the governance runbook requires.
  CREATE INDEX idx_task_audits_task_id ON task_audits(task_id);
  CREATE INDEX idx_task_audits_decision_id ON task_audits(decision_id);
  CREATE INDEX idx_task_audits_created_at ON task_audits(created_at);
  CREATE INDEX idx_task_audits_event_type ON task_audits(event_type);
  -- Trace paging needs no index of its own: idx_task_audits_task_id entries end with the rowid (seq), so
  -- "task_id = ? AND seq > ? ORDER BY seq" is a range scan of it. Random-key indexes are what inserts pay for.
  -- Blocked-reason stats: only SUPERVISOR_BLOCKED rows, covering what the query reads.
  CREATE INDEX idx_task_audits_blocked ON task_audits(workspace_id, created_at, reason_code, task_id)
    WHERE event_type = 'SUPERVISOR_BLOCKED';

  CREATE TABLE task_events (
    event_id     TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL DEFAULT 'default',
    task_id      TEXT NOT NULL,
    decision_id  TEXT,
    event_type   TEXT NOT NULL,
    payload      TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL,
    FOREIGN KEY (workspace_id, task_id) REFERENCES tasks(workspace_id, task_id)
  );
  CREATE INDEX idx_task_events_task_id ON task_events(task_id);
  CREATE INDEX idx_task_events_created_at ON task_events(created_at);

  -- The durable job queue: the supervisor's inbox. Acked jobs are deleted; dead ones stay for retry.
  CREATE TABLE supervisor_inbox (
    job_id       TEXT PRIMARY KEY,
    decision_id  TEXT NOT NULL,
    workspace_id TEXT NOT NULL,
    task_id      TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('ready', 'leased', 'dead')),
    priority     INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       INTEGER NOT NULL,
    lease_owner  TEXT,
    lease_until  INTEGER,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
  );
  CREATE INDEX idx_supervisor_inbox_task_id ON supervisor_inbox(task_id);
  CREATE INDEX idx_supervisor_inbox_status ON supervisor_inbox(status);
  CREATE INDEX idx_supervisor_inbox_claim ON supervisor_inbox(status, priority DESC, run_at);

  CREATE TABLE idempotency_keys (
    workspace_id      TEXT NOT NULL,
    client_request_id TEXT NOT NULL,
    payload_hash      TEXT NOT NULL,
    decision_id       TEXT NOT NULL,
    expires_at        INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, client_request_id)
  ) WITHOUT ROWID;
  CREATE INDEX idx_idempotency_expiry ON idempotency_keys(expires_at);

  CREATE TABLE policy_versions (
    workspace_id TEXT NOT NULL,
    version      INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    name         TEXT NOT NULL,
    document     TEXT NOT NULL,
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (workspace_id, version),
    UNIQUE (workspace_id, hash)
  );

  CREATE TABLE workspace_settings (
    workspace_id TEXT NOT NULL,
    key          TEXT NOT NULL,
    value        TEXT NOT NULL,
    PRIMARY KEY (workspace_id, key)
  ) WITHOUT ROWID;

  CREATE TABLE api_keys (
    key_id       TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
  );

  -- Audit events that belong to no task: policy activations, key changes, queue pause and resume.
  CREATE TABLE ops_audits (
    seq          INTEGER PRIMARY KEY,
    audit_id     TEXT NOT NULL UNIQUE,
    workspace_id TEXT NOT NULL,
    event_type   TEXT NOT NULL,
    actor        TEXT NOT NULL,
    target       TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL
  );
  CREATE INDEX idx_ops_audits_created_at ON ops_audits(created_at);

  -- Per-minute rollup of verdicts, written with the outcomes: the stats endpoints sum at most
  -- window/1 min rows instead of scanning every audit row of the window (the runbook's "summary tables").
  CREATE TABLE decision_stats_minute (
    workspace_id  TEXT NOT NULL,
    minute        INTEGER NOT NULL,
    decision_type TEXT NOT NULL,
    status        TEXT NOT NULL,
    count         INTEGER NOT NULL,
    lag_histogram TEXT NOT NULL,
    PRIMARY KEY (workspace_id, minute, decision_type, status)
  ) WITHOUT ROWID;

  -- Shared state of the KeyValue port (breakers): a version per key for compare-and-set.
  CREATE TABLE kv (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE engine_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: the incident timeline reads the human-relevant task events newest first. A partial index keeps that a
  // short range scan however many pipeline events there are, and costs nothing on the other event types.
  `
  CREATE INDEX idx_task_audits_timeline ON task_audits(workspace_id, created_at)
    WHERE event_type IN ('SUPERVISOR_BLOCKED', 'REVIEW_APPROVED', 'REVIEW_REJECTED', 'MANUAL_UNBLOCK', 'RUNBOOK_ACTION');
  `,
  // 3: the `system` scope (engine-wide controls; `admin` no longer implies them). The local admin key the first
  // start made keeps what it could do: it gains `system`.
  `
  UPDATE api_keys SET scopes = json_insert(scopes, '$[#]', 'system')
  WHERE workspace_id = 'default' AND name = 'local-admin' AND revoked_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM json_each(api_keys.scopes) WHERE value = 'system');
  `,
  // 4: a verdict can be undone (REVIEW_UNDONE); the timeline shows it, so its partial index covers it too.
  `
  DROP INDEX idx_task_audits_timeline;
  CREATE INDEX idx_task_audits_timeline ON task_audits(workspace_id, created_at)
    WHERE event_type IN ('SUPERVISOR_BLOCKED', 'REVIEW_APPROVED', 'REVIEW_REJECTED', 'REVIEW_UNDONE', 'MANUAL_UNBLOCK', 'RUNBOOK_ACTION');
  `,
  // 5: the entity view (every decision of one customer, merchant, affiliate or agent). Inputs are JSON, so finding
  // an entity's decisions would scan every decision; this table is the index, written with the decision at submit
  // and backfilled here from the inputs. WITHOUT ROWID with the lookup as its key: the entity's page, its span and
  // its kinds are all reads of one key range. The trigger (not ON DELETE CASCADE, which needs foreign_keys on, as a
  // runbook's sqlite3 shell does not have) removes the rows with their decision, by retention or by hand. The
  // backfill is written out (a migration never changes): it covers ENTITY_FIELDS as of this version, and a field
  // added there later needs a migration of its own (test/unit/main/engine/adapters/sqlite/entity-backfill.test.ts).
  `
  CREATE TABLE decision_entities (
    workspace_id TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    decision_id  TEXT NOT NULL,
    entity_kind  TEXT NOT NULL,
    PRIMARY KEY (workspace_id, entity_id, created_at, decision_id, entity_kind)
  ) WITHOUT ROWID;
  CREATE INDEX idx_decision_entities_decision ON decision_entities(decision_id);
  CREATE TRIGGER decision_entities_follow_delete AFTER DELETE ON decisions BEGIN
    DELETE FROM decision_entities WHERE decision_id = OLD.decision_id;
  END;
  INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
  SELECT workspace_id, json_extract(inputs, '$.customer_id'), created_at, decision_id, 'customer' FROM decisions
  WHERE decision_type = 'payment_fraud_check' AND json_type(inputs, '$.customer_id') = 'text' AND json_extract(inputs, '$.customer_id') <> '';

  INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
  SELECT workspace_id, json_extract(inputs, '$.merchant_id'), created_at, decision_id, 'merchant' FROM decisions
  WHERE decision_type = 'payment_fraud_check' AND json_type(inputs, '$.merchant_id') = 'text' AND json_extract(inputs, '$.merchant_id') <> '';

  INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
  SELECT workspace_id, json_extract(inputs, '$.affiliate_id'), created_at, decision_id, 'affiliate' FROM decisions
  WHERE decision_type = 'reconciliation' AND json_type(inputs, '$.affiliate_id') = 'text' AND json_extract(inputs, '$.affiliate_id') <> '';

  INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
  SELECT workspace_id, json_extract(inputs, '$.agent_id'), created_at, decision_id, 'agent' FROM decisions
  WHERE decision_type = 'agent_tool_call' AND json_type(inputs, '$.agent_id') = 'text' AND json_extract(inputs, '$.agent_id') <> '';
  `,
  // 6: the decisions list sorts on the server; "highest risk first" is the sort people use, so risk gets an index
  // (ties by decision id). Status sorts walk idx_decisions_status and order each status group by id; type sorts
  // scan the workspace. Indexes for those two cost the submit path about 15 % (each status change rewrote one),
  // measured end to end (BENCHMARKS.md, run of 2026-12-03 08:20), for sorts that are rarely asked for.
  `
  CREATE INDEX idx_decisions_risk ON decisions(workspace_id, risk_score, decision_id);
  `,
  // 7: a key rotated with a grace period (rotate-api-key) stays valid until expires_at, then is refused like a
  // revoked one; NULL: no expiry.
  `
  ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
  `,
  // 8: a job carries the W3C traceparent of the submission that made it (NULL: tracing was off, or a later requeue),
  // so the worker's spans join the decision's trace.
  `
  ALTER TABLE supervisor_inbox ADD COLUMN traceparent TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
