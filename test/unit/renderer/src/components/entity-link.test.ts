import { describe, expect, it } from 'vitest';
import { entityPath } from '../../../../../src/shared/entities';
import { inputEntityLinks } from '../../../../../src/renderer/src/components/entity-link';

describe('entity links in decision inputs', () => {
  it('links an entity input value to its page, and nothing else', () => {
    const link = inputEntityLinks('payment_fraud_check');
    expect(link('inputs.customer_id', 'a b/c')).toBe(entityPath('a b/c'));
    expect(entityPath('a b/c')).toBe('/entities/a%20b%2Fc');
    expect(link('inputs.amount', 12)).toBeNull();
    expect(link('signals.customer_id', 'c-1')).toBeNull();
    expect(link('inputs.customer_id', 3)).toBeNull();
  });
});
