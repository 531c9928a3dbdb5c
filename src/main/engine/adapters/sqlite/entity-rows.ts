import { ENTITY_FIELDS, entitiesOf } from '../../../../shared/entities';
import type { DecisionType } from '../../../../shared/schemas/decision';
import type { Db } from './database';

/** The decision_entities rows of decisions already stored, from their JSON inputs (migration 5's backfill). */
export function backfillEntitiesSql(): string {
  return Object.entries(ENTITY_FIELDS)
    .flatMap(([decisionType, fields]) =>
      Object.entries(fields).map(([field, kind]) => `
  INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind)
  SELECT workspace_id, json_extract(inputs, '$.${field}'), created_at, decision_id, '${kind}' FROM decisions
  WHERE decision_type = '${decisionType}' AND json_type(inputs, '$.${field}') = 'text' AND json_extract(inputs, '$.${field}') <> '';`),
    )
    .join('\n');
}

/** Writes the entity rows of a new decision; runs inside the submission's transaction. */
export function prepareEntityInsert(db: Db) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind) VALUES (?, ?, ?, ?, ?)`);
  return (workspaceId: string, decisionId: string, decisionType: DecisionType, inputs: Readonly<Record<string, unknown>>, createdAt: string) => {
    for (const e of entitiesOf(decisionType, inputs)) insert.run(workspaceId, e.id, createdAt, decisionId, e.kind);
  };
}
