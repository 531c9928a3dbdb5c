import { describe, expect, it } from 'vitest';
import { decisionListQueryFrom, hasFilters, sortAfterHeaderClick } from '../../../../../src/renderer/src/screens/decision-list-query';

describe('the decisions list query in the URL', () => {
  it('keeps filters and a known sort and order, and drops anything else', () => {
    expect(decisionListQueryFrom({ status: 'blocked', sort: 'risk_score', order: 'asc', page: '2' })).toEqual({ status: 'blocked', sort: 'risk_score', order: 'asc' });
    expect(decisionListQueryFrom({ sort: 'amount', order: 'up' })).toEqual({});
  });

  it('a sort alone is not a filter', () => {
    expect(hasFilters({ sort: 'status' })).toBe(false);
    expect(hasFilters({ task_id: 't-1' })).toBe(true);
  });

  it('a header flips the order of its own column and starts another column descending', () => {
    expect(sortAfterHeaderClick({}, 'created_at')).toEqual({ sort: 'created_at', order: 'asc' });
    expect(sortAfterHeaderClick({ sort: 'risk_score', order: 'desc' }, 'risk_score')).toEqual({ sort: 'risk_score', order: 'asc' });
    expect(sortAfterHeaderClick({ sort: 'risk_score', order: 'asc' }, 'status')).toEqual({ sort: 'status', order: 'desc' });
  });
});
