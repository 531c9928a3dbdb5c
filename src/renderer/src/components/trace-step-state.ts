import type { AuditEventView } from '../../../shared/schemas/audit';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The decision as it stood at this step, when the step carries one (pipeline steps do; reviews and operator actions do not). */
export function decisionSnapshotOf(e: AuditEventView | undefined): Json | undefined {
  const s = e?.payload.decision_snapshot;
  return isObject(s) ? s : undefined;
}

/**
 * The decision status this step left behind: a review or undo says it (`new_status`), a pipeline step's
 * snapshot holds it. Undefined for steps that do not move the decision (an unblock moves the task).
 */
export function statusAfter(e: AuditEventView): string | undefined {
  if (e.decision_id === null) return undefined;
  return text(e.payload.new_status) ?? text(decisionSnapshotOf(e)?.status) ?? undefined;
}

export interface Verdict {
  /** approve or reject; for an undo, the verdict that was taken back. */
  verdict: string;
  undone: boolean;
  reviewer: string;
  note: string | null;
  from: string | null;
  to: string | null;
}

/** A review step's verdict: who gave it, what it was, their note and the status it moved the decision between. */
export function verdictOf(e: AuditEventView): Verdict | null {
  const undone = e.event_type === 'REVIEW_UNDONE';
  if (!undone && e.event_type !== 'REVIEW_APPROVED' && e.event_type !== 'REVIEW_REJECTED') return null;
  const review = isObject(e.payload[undone ? 'undone' : 'review']) ? (e.payload[undone ? 'undone' : 'review'] as Json) : {};
  return {
    verdict: text(review.verdict) ?? (e.event_type === 'REVIEW_APPROVED' ? 'approve' : e.event_type === 'REVIEW_REJECTED' ? 'reject' : 'unknown'),
    undone,
    reviewer: (undone ? e.actor : text(review.reviewer)) ?? e.actor ?? 'unknown',
    note: text(review.note),
    from: text(e.payload.previous_status),
    to: text(e.payload.new_status),
  };
}

/** What the detail pane shows for a step: its snapshot and the one it is compared with (same shape, same decision), or what an action did. */
export type StepState =
  | { kind: 'snapshot'; snapshot: Json; previous: Json | undefined }
  | { kind: 'action'; verdict: Verdict | null };

/**
 * A pipeline step is diffed with the last earlier step of the same decision that also carries a snapshot: a task
 * interleaves decisions, and a review or operator action in between has a different shape, so diffing across it
 * would mark the whole decision removed. A review or action step is shown as what it did, not as a diff.
 */
export function stepState(events: readonly AuditEventView[], index: number): StepState | undefined {
  const current = events[index];
  if (!current) return undefined;
  const snapshot = decisionSnapshotOf(current);
  if (!snapshot) return { kind: 'action', verdict: verdictOf(current) };
  for (let i = index - 1; i >= 0; i -= 1) {
    const earlier = events[i] as AuditEventView;
    if (earlier.decision_id !== current.decision_id) continue;
    const previous = decisionSnapshotOf(earlier);
    if (previous) return { kind: 'snapshot', snapshot, previous };
  }
  return { kind: 'snapshot', snapshot, previous: undefined };
}
