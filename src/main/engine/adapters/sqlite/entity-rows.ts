import { entitiesOf } from '../../../../shared/entities';
import type { DecisionType } from '../../../../shared/schemas/decision';
import type { Db } from './database';

/** Writes the entity rows of a new decision; runs inside the submission's transaction. */
export function prepareEntityInsert(db: Db) {
  const insert = db.prepare(`
    INSERT OR IGNORE INTO decision_entities (workspace_id, entity_id, created_at, decision_id, entity_kind) VALUES (?, ?, ?, ?, ?)`);
  return (workspaceId: string, decisionId: string, decisionType: DecisionType, inputs: Readonly<Record<string, unknown>>, createdAt: string) => {
    for (const e of entitiesOf(decisionType, inputs)) insert.run(workspaceId, e.id, createdAt, decisionId, e.kind);
  };
}
