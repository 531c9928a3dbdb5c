import { describe, expect, it } from 'vitest';
import { markerAt } from '../../../../../src/renderer/src/components/chart-marker-hit';

const markers = [{ label: 'breaker opened', x: 100 }, { label: 'alert fired', x: 108 }, { label: 'policy activated', x: 300 }];
const xOf = (m: { x: number }) => m.x;

describe('the marker under the pointer', () => {
  it('is the marker whose line is within the tolerance of the pointer', () => {
    expect(markerAt(markers, xOf, 297)?.label).toBe('policy activated');
  });

  it('is the nearest line when two are within reach', () => {
    expect(markerAt(markers, xOf, 103)?.label).toBe('breaker opened');
    expect(markerAt(markers, xOf, 105)?.label).toBe('alert fired');
  });

  it('is none when the pointer is farther than the tolerance from every line', () => {
    expect(markerAt(markers, xOf, 200)).toBeNull();
    expect(markerAt(markers, xOf, 120, 6)).toBeNull();
    expect(markerAt([], xOf, 100)).toBeNull();
  });
});
