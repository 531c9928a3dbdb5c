import { describe, expect, it } from 'vitest';
import { DECISION_TYPES } from '../../../src/shared/schemas/decision';
import { ENTITY_FIELDS, entitiesOf, entityKindOf } from '../../../src/shared/entities';

describe('entity fields', () => {
  it('every decision type names at least one entity field', () => {
    for (const type of DECISION_TYPES) expect(Object.keys(ENTITY_FIELDS[type]).length).toBeGreaterThan(0);
  });

  it('reads the entities of a payment: customer and merchant; absent or non-string fields name none', () => {
    expect(entitiesOf('payment_fraud_check', { amount: 1, customer_id: 'c-1', merchant_id: 'm-1' })).toEqual([
      { kind: 'customer', id: 'c-1' },
      { kind: 'merchant', id: 'm-1' },
    ]);
    expect(entitiesOf('payment_fraud_check', { customer_id: 7, merchant_id: '' })).toEqual([]);
    expect(entitiesOf('reconciliation', { affiliate_id: 'aff-1', customer_id: 'c-1' })).toEqual([{ kind: 'affiliate', id: 'aff-1' }]);
  });

  it('knows which field of which type is an entity, and no inherited property is one', () => {
    expect(entityKindOf('agent_tool_call', 'agent_id')).toBe('agent');
    expect(entityKindOf('agent_tool_call', 'customer_id')).toBeNull();
    expect(entityKindOf('payment_fraud_check', 'toString')).toBeNull();
  });

});
