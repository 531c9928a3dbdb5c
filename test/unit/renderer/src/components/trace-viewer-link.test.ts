import { describe, expect, it } from 'vitest';
import { snapshotTraceId, traceViewerHref } from '../../../../../src/renderer/src/components/trace-viewer-link';

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('the trace viewer link of a trace step', () => {
  it("reads the trace id from an event's decision snapshot, and nothing that is not one", () => {
    expect(snapshotTraceId({ decision_snapshot: { trace_id: ID } })).toBe(ID);
    expect(snapshotTraceId({ decision_snapshot: {} })).toBeNull();
    expect(snapshotTraceId({ decision_snapshot: { trace_id: 'javascript:alert(1)' } })).toBeNull();
    expect(snapshotTraceId({ action_id: 'x' })).toBeNull();
    expect(snapshotTraceId(null)).toBeNull();
  });

  it('fills the configured URL in, and gives no link without a viewer or a trace id', () => {
    expect(traceViewerHref('http://jaeger:16686/trace/{trace_id}', ID)).toBe(`http://jaeger:16686/trace/${ID}`);
    expect(traceViewerHref('https://grafana/explore?q={trace_id}&alt={trace_id}', ID)).toBe(`https://grafana/explore?q=${ID}&alt=${ID}`);
    expect(traceViewerHref(null, ID)).toBeNull();
    expect(traceViewerHref('http://jaeger:16686/trace/{trace_id}', null)).toBeNull();
  });
});
