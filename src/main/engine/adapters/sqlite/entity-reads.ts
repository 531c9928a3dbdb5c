import type { EntityReads } from '../../ports/audit-store';
import type { EntityKind } from '../../../../shared/entities';
import { DECISION_STATUSES, type DecisionStatus } from '../../../../shared/schemas/decision';
import type { EntityView } from '../../../../shared/schemas/entity';
import { encodeCursor } from '../../domain/cursor';
import type { Db } from './database';
import { decisionViewFromRow, type DecisionRow } from '../store-rows/decision-rows';
import { toSqlTime } from './sql-time';
import { sqlTimeToIsoOrNull, sqlTimeToMs } from '../store-rows/stored-time';
import { affiliateTrustFromRow, readsAsAffiliate, type AffiliateTrustRow } from '../store-rows/affiliate-trust-row';

const TOP_FINDINGS = 10;

/**
 * An entity's decisions through decision_entities, whose key is (workspace, entity, created_at, decision): every
 * statement reads one key range of it. `@kind IS NULL OR` keeps one statement per read; the kind is the key's last
 * column, so it filters inside the range either way. A decision naming the id as two kinds counts once.
 */
export function sqliteEntityReads(db: Db): EntityReads {
  // CROSS JOIN fixes the order (the entity's rows first, then each decision by its key): left to the planner, an
  // IN (subquery) reads every decision of the workspace and filters them.
  const decisionsOfEntity = `(SELECT DISTINCT decision_id FROM decision_entities
      WHERE workspace_id = @ws AND entity_id = @id AND (@kind IS NULL OR entity_kind = @kind)) e
    CROSS JOIN decisions d ON d.decision_id = e.decision_id AND d.workspace_id = @ws`;
  const foundAs = db
    .prepare('SELECT DISTINCT entity_kind FROM decision_entities WHERE workspace_id = @ws AND entity_id = @id ORDER BY entity_kind')
    .pluck();
  const span = db.prepare(`
    SELECT MIN(created_at) AS first_at, MAX(created_at) AS last_at FROM decision_entities
    WHERE workspace_id = @ws AND entity_id = @id AND (@kind IS NULL OR entity_kind = @kind)`);
  const byStatus = db.prepare(`SELECT d.status, COUNT(*) AS n FROM ${decisionsOfEntity} GROUP BY d.status`);
  const tasks = db.prepare(`SELECT COUNT(DISTINCT d.task_id) FROM ${decisionsOfEntity}`).pluck();
  const findings = db.prepare(`
    SELECT json_extract(f.value, '$.code') AS code, COUNT(DISTINCT d.decision_id) AS decisions
    FROM ${decisionsOfEntity} CROSS JOIN json_each(d.findings) f
    WHERE json_extract(f.value, '$.code') IS NOT NULL
    GROUP BY code ORDER BY decisions DESC, code LIMIT ${TOP_FINDINGS}`);
  // The affiliate's newest judged reconciliation: its key range walked backwards until one has trust signals.
  const trust = db.prepare(`
    SELECT d.decision_id, d.signals, d.processed_at FROM decision_entities e
    CROSS JOIN decisions d ON d.decision_id = e.decision_id AND d.workspace_id = @ws
    WHERE e.workspace_id = @ws AND e.entity_id = @id AND e.entity_kind = 'affiliate' AND d.processed_at IS NOT NULL
      AND json_extract(d.signals, '$.affiliate_trust_score') IS NOT NULL
    ORDER BY e.created_at DESC, e.decision_id DESC LIMIT 1`);
  const pageOf = (after: string) => db.prepare(`
    WITH page AS (
      SELECT DISTINCT created_at, decision_id FROM decision_entities
      WHERE workspace_id = @ws AND entity_id = @id AND (@kind IS NULL OR entity_kind = @kind) ${after}
      ORDER BY created_at DESC, decision_id DESC LIMIT @limit)
    SELECT d.* FROM page JOIN decisions d ON d.decision_id = page.decision_id AND d.workspace_id = @ws
    ORDER BY page.created_at DESC, page.decision_id DESC`);
  const firstPage = pageOf('');
  // A row value, so SQLite seeks the key range after the cursor instead of filtering from the top.
  const nextPage = pageOf('AND (created_at, decision_id) < (@at, @after)');

  return {
    async getEntity(workspaceId, query, before) {
      const args = { ws: workspaceId, id: query.entityId, kind: query.kind };
      const counts = Object.fromEntries(DECISION_STATUSES.map((s) => [s, 0])) as Record<DecisionStatus, number>;
      for (const { status, n } of byStatus.all(args) as { status: DecisionStatus; n: number }[]) counts[status] = n;
      const when = span.get(args) as { first_at: string | null; last_at: string | null };
      const rows = (
        before
          ? nextPage.all({ ...args, limit: query.limit + 1, at: toSqlTime(before.createdAt), after: before.id })
          : firstPage.all({ ...args, limit: query.limit + 1 })
      ) as DecisionRow[];
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page.at(-1);
      const view: EntityView = {
        entity_id: query.entityId,
        kind: query.kind,
        found_as: foundAs.all(args) as EntityKind[],
        decisions: Object.values(counts).reduce((a, b) => a + b, 0),
        tasks: tasks.get(args) as number,
        by_status: counts,
        top_findings: findings.all(args) as EntityView['top_findings'],
        first_seen: sqlTimeToIsoOrNull(when.first_at),
        last_seen: sqlTimeToIsoOrNull(when.last_at),
        affiliate_trust: readsAsAffiliate(query.kind) ? affiliateTrustFromRow(trust.get({ ws: workspaceId, id: query.entityId }) as AffiliateTrustRow | undefined) : null,
        items: page.map(decisionViewFromRow),
        next_cursor: more && last ? encodeCursor({ t: sqlTimeToMs(last.created_at), id: last.decision_id }) : null,
      };
      return view;
    },
  };
}
