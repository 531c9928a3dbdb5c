const TRACE_ID = /^[0-9a-f]{32}$/;

/** The trace id an audit event's snapshot carries (when tracing was on for that step), or null. */
export function snapshotTraceId(payload: unknown): string | null {
  const snapshot = (payload as { decision_snapshot?: { trace_id?: unknown } } | null)?.decision_snapshot;
  const id = snapshot?.trace_id;
  return typeof id === 'string' && TRACE_ID.test(id) ? id : null;
}

/**
 * The trace viewer's page of a trace: the engine's DECISIONOS_TRACE_VIEWER_URL with `{trace_id}` filled in; null when
 * no viewer is configured or the step has no trace id.
 */
export function traceViewerHref(template: string | null | undefined, traceId: string | null): string | null {
  if (!template || !traceId) return null;
  return template.replaceAll('{trace_id}', encodeURIComponent(traceId));
}
