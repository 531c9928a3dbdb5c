import { describe, expect, it } from 'vitest';
import { ENTITY_FIELDS } from '../../../../../../src/shared/entities';
import { MIGRATIONS } from '../../../../../../src/main/engine/adapters/sqlite/migrations';

describe('the entity backfill', () => {
  it('migration 5 backfills every entity field there is: a field added later needs its own backfill migration', () => {
    const backfills = MIGRATIONS.join('\n');
    for (const [decisionType, fields] of Object.entries(ENTITY_FIELDS)) {
      for (const [field, kind] of Object.entries(fields)) {
        expect(backfills).toContain(`json_extract(inputs, '$.${field}'), created_at, decision_id, '${kind}' FROM decisions\n  WHERE decision_type = '${decisionType}'`);
      }
    }
  });
});
