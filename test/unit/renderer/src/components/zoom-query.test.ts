import { describe, expect, it } from 'vitest';
import { zoomFromQuery, zoomToQuery } from '../../../../../src/renderer/src/components/zoom-query';

describe('the zoomed window in the URL', () => {
  it('round-trips through from and to, to the second', () => {
    const query = zoomToQuery([Date.parse('2026-03-02T22:17:40.400Z'), Date.parse('2026-03-02T22:27:10.600Z')]);
    expect(query).toEqual({ from: '2026-03-02T22:17:40Z', to: '2026-03-02T22:27:11Z' });
    expect(zoomFromQuery(query)).toEqual([Date.parse('2026-03-02T22:17:40Z'), Date.parse('2026-03-02T22:27:11Z')]);
  });

  it('is no zoom when either end is missing, unreadable or not after the start', () => {
    expect(zoomFromQuery({ from: '2026-03-02T22:17:40Z' })).toBeNull();
    expect(zoomFromQuery({ from: 'yesterday', to: '2026-03-02T22:17:40Z' })).toBeNull();
    expect(zoomFromQuery({ from: '2026-03-02T22:17:40Z', to: '2026-03-02T22:17:40Z' })).toBeNull();
  });

  it('clears both keys when the zoom is reset', () => {
    expect(zoomToQuery(null)).toEqual({ from: undefined, to: undefined });
  });
});
