import type { EntityReads } from '../../ports/audit-store';
import type { EntityKind } from '../../../../shared/entities';
import { DECISION_STATUSES, type DecisionStatus } from '../../../../shared/schemas/decision';
import type { EntityView } from '../../../../shared/schemas/entity';
import { encodeCursor } from '../../domain/cursor';
import type { PgPool } from './pg-pool';
import { decisionViewFromRow, type DecisionRow } from '../store-rows/decision-rows';
import { decisionColumns } from './pg-decision-rows';
import { isoText } from './pg-time';
import { affiliateTrustFromRow, readsAsAffiliate, type AffiliateTrustRow } from '../store-rows/affiliate-trust-row';

const TOP_FINDINGS = 10;

// $1 workspace, $2 entity id, $3 kind or null: every statement reads one key range of decision_entities.
const OF_ENTITY = `workspace_id = $1 AND entity_id = $2 AND ($3::text IS NULL OR entity_kind = $3)`;
/** The entity's decisions, each once, joined to their rows: a decision naming the id as two kinds counts once. */
const DECISIONS_OF_ENTITY = `(SELECT DISTINCT decision_id FROM decision_entities WHERE ${OF_ENTITY}) e
  JOIN decisions d ON d.decision_id = e.decision_id AND d.workspace_id = $1`;

/**
 * The page walks the primary key (workspace, entity, created_at, decision) backwards from the cursor. Ties of one
 * instant order by decision id in the database's collation (the key's), which for our ids ([a-z0-9_]) is SQLite's
 * byte order; COLLATE "C" here would give up the key's order and sort every decision of the entity per page.
 */
const pageSql = (after: string) => `
  WITH page AS (
    SELECT DISTINCT created_at, decision_id FROM decision_entities
    WHERE ${OF_ENTITY} ${after}
    ORDER BY created_at DESC, decision_id DESC LIMIT $4)
  SELECT ${decisionColumns('d')} FROM page JOIN decisions d ON d.decision_id = page.decision_id AND d.workspace_id = $1
  ORDER BY page.created_at DESC, page.decision_id DESC`;
const FIRST_PAGE = pageSql('');
const NEXT_PAGE = pageSql('AND (created_at, decision_id) < ($5::timestamptz, $6::text)');

/** The affiliate's newest judged reconciliation: its key range walked backwards until one has trust signals. */
const TRUST = `
  SELECT d.decision_id, d.signals::text AS signals, ${isoText('d.processed_at')} AS processed_at FROM decision_entities e
  JOIN decisions d ON d.decision_id = e.decision_id AND d.workspace_id = $1
  WHERE e.workspace_id = $1 AND e.entity_id = $2 AND e.entity_kind = 'affiliate' AND d.processed_at IS NOT NULL
    AND d.signals ? 'affiliate_trust_score'
  ORDER BY e.created_at DESC, e.decision_id DESC LIMIT 1`;

export function pgEntityReads(pool: PgPool): EntityReads {
  return {
    async getEntity(workspaceId, query, before) {
      const args = [workspaceId, query.entityId, query.kind];
      const counts = Object.fromEntries(DECISION_STATUSES.map((s) => [s, 0])) as Record<DecisionStatus, number>;
      const byStatus = await pool.query<{ status: DecisionStatus; n: number }>(
        `SELECT d.status, count(*) AS n FROM ${DECISIONS_OF_ENTITY} GROUP BY d.status`,
        args,
      );
      for (const { status, n } of byStatus.rows) counts[status] = n;
      const foundAs = await pool.query<{ entity_kind: EntityKind }>(
        'SELECT entity_kind FROM decision_entities WHERE workspace_id = $1 AND entity_id = $2 GROUP BY entity_kind ORDER BY entity_kind COLLATE "C"',
        [workspaceId, query.entityId],
      );
      const span = await pool.query<{ first_at: number | null; last_at: number | null }>(
        `SELECT min(created_at) AS first_at, max(created_at) AS last_at FROM decision_entities WHERE ${OF_ENTITY}`,
        args,
      );
      const tasks = await pool.query<{ n: number }>(`SELECT count(DISTINCT d.task_id) AS n FROM ${DECISIONS_OF_ENTITY}`, args);
      const findings = await pool.query<{ code: string; decisions: number }>(
        `SELECT f.value->>'code' AS code, count(DISTINCT d.decision_id) AS decisions
         FROM ${DECISIONS_OF_ENTITY} CROSS JOIN LATERAL jsonb_array_elements(d.findings) f
         WHERE f.value->>'code' IS NOT NULL
         GROUP BY f.value->>'code' ORDER BY decisions DESC, (f.value->>'code') COLLATE "C" LIMIT ${TOP_FINDINGS}`,
        args,
      );
      const trust = readsAsAffiliate(query.kind) ? await pool.query<AffiliateTrustRow>(TRUST, [workspaceId, query.entityId]) : null;
      const { rows } = before
        ? await pool.query<DecisionRow>(NEXT_PAGE, [...args, query.limit + 1, new Date(before.createdAt).toISOString(), before.id])
        : await pool.query<DecisionRow>(FIRST_PAGE, [...args, query.limit + 1]);
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page.at(-1);
      const when = span.rows[0] ?? { first_at: null, last_at: null };
      const view: EntityView = {
        entity_id: query.entityId,
        kind: query.kind,
        found_as: foundAs.rows.map((r) => r.entity_kind),
        decisions: Object.values(counts).reduce((a, b) => a + b, 0),
        tasks: tasks.rows[0]?.n ?? 0,
        by_status: counts,
        top_findings: findings.rows,
        first_seen: when.first_at === null ? null : new Date(when.first_at).toISOString(),
        last_seen: when.last_at === null ? null : new Date(when.last_at).toISOString(),
        affiliate_trust: affiliateTrustFromRow(trust?.rows[0]),
        items: page.map(decisionViewFromRow),
        next_cursor: more && last ? encodeCursor({ t: Date.parse(last.created_at), id: last.decision_id }) : null,
      };
      return view;
    },
  };
}
