import { describe, expect, it } from 'vitest';
import {
  SUPERVISOR_EVENT,
  isTerminal,
  orderFindings,
  purgeTransition,
  reconcileTransition,
  restorableAfterRemoval,
  requeueTransition,
  reviewTransition,
  taskStatusFor,
  unblockTransition,
  verdictFromFindings,
} from '../../../../../src/main/engine/domain/decision-lifecycle';
import { DECISION_STATUSES, TERMINAL_STATUSES } from '../../../../../src/shared/schemas/decision';
import type { DecisionStatus, Finding, RuleKind, Severity } from '../../../../../src/shared/schemas/decision';
import { TASK_STATUSES } from '../../../../../src/shared/schemas/audit';

function finding(kind: RuleKind, severity: Severity = 'medium', id = `${kind}.${severity}`): Finding {
  return { code: id.replace(/\W/g, '_'), severity, message: id, rule_id: id, kind };
}

describe('verdictFromFindings', () => {
  it('approves when there are no findings', () => {
    expect(verdictFromFindings([])).toBe('approved');
  });

  it('asks for review on a threshold hit', () => {
    expect(verdictFromFindings([finding('threshold')])).toBe('needs_review');
  });

  it('asks for review on an anomaly hit', () => {
    expect(verdictFromFindings([finding('anomaly', 'critical')])).toBe('needs_review');
  });

  it('blocks on a redline hit, even a low-severity one', () => {
    expect(verdictFromFindings([finding('redline', 'low')])).toBe('blocked');
  });

  it('a redline hit blocks even when threshold and anomaly rules also hit, in any position', () => {
    expect(verdictFromFindings([finding('threshold'), finding('anomaly'), finding('redline')])).toBe('blocked');
    expect(verdictFromFindings([finding('redline'), finding('threshold')])).toBe('blocked');
  });
});

describe('SUPERVISOR_EVENT', () => {
  it('names a distinct audit event for each verdict', () => {
    const events = Object.values(SUPERVISOR_EVENT);
    expect(new Set(events).size).toBe(events.length);
    expect(Object.keys(SUPERVISOR_EVENT).sort()).toEqual(['approved', 'blocked', 'needs_review']);
  });
});

describe('orderFindings', () => {
  it('puts redlines first, then thresholds, then anomalies', () => {
    const ordered = orderFindings([finding('anomaly', 'critical'), finding('threshold', 'critical'), finding('redline', 'low')]);
    expect(ordered.map((f) => f.kind)).toEqual(['redline', 'threshold', 'anomaly']);
  });

  it('orders the same kind by severity, most severe first', () => {
    const ordered = orderFindings([finding('threshold', 'low'), finding('threshold', 'critical'), finding('threshold', 'medium'), finding('threshold', 'high')]);
    expect(ordered.map((f) => f.severity)).toEqual(['critical', 'high', 'medium', 'low']);
  });

  it('keeps the original order of equally weighted findings', () => {
    const ordered = orderFindings([finding('anomaly', 'low', 'first'), finding('anomaly', 'low', 'second'), finding('anomaly', 'low', 'third')]);
    expect(ordered.map((f) => f.rule_id)).toEqual(['first', 'second', 'third']);
  });
});

describe('taskStatusFor', () => {
  const expected: Record<DecisionStatus, string> = {
    queued: 'PENDING',
    processing: 'PENDING',
    approved: 'RUNNING',
    needs_review: 'NEEDS_REVIEW',
    blocked: 'BLOCKED',
    failed: 'FAILED',
  };

  for (const status of DECISION_STATUSES) {
    it(`maps a ${status} decision to a ${expected[status]} task`, () => {
      expect(taskStatusFor(status)).toBe(expected[status]);
    });
  }

  it('returns a valid task status for every decision status', () => {
    for (const status of DECISION_STATUSES) {
      expect(TASK_STATUSES).toContain(taskStatusFor(status));
    }
  });
});

describe('isTerminal', () => {
  it('treats queued and processing as not terminal', () => {
    expect(isTerminal('queued')).toBe(false);
    expect(isTerminal('processing')).toBe(false);
  });

  it('treats approved, needs_review, blocked and failed as terminal', () => {
    for (const status of ['approved', 'needs_review', 'blocked', 'failed'] as const) {
      expect(isTerminal(status)).toBe(true);
    }
  });

  it('agrees with the shared TERMINAL_STATUSES list for every status', () => {
    for (const status of DECISION_STATUSES) {
      expect(isTerminal(status)).toBe(TERMINAL_STATUSES.includes(status));
    }
  });
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('reviewTransition', () => {
  it('approving a needs_review decision makes it approved and its task RUNNING', () => {
    expect(reviewTransition('d1', 'needs_review', 'approve')).toEqual({ from: 'needs_review', to: 'approved', task: 'RUNNING' });
  });
  it('rejecting a needs_review decision blocks it and its task', () => {
    expect(reviewTransition('d1', 'needs_review', 'reject')).toEqual({ from: 'needs_review', to: 'blocked', task: 'BLOCKED' });
  });
  it.each(DECISION_STATUSES.filter((s) => s !== 'needs_review'))('refuses to review a %s decision with invalid_state', (status) => {
    expect(codeOf(() => reviewTransition('d1', status, 'approve'))).toBe('invalid_state');
  });
});

describe('requeueTransition', () => {
  it('puts a failed decision back to queued with a PENDING task', () => {
    expect(requeueTransition('d1', 'failed')).toEqual({ from: 'failed', to: 'queued', task: 'PENDING' });
  });
  it.each(DECISION_STATUSES.filter((s) => s !== 'failed'))('refuses to requeue a %s decision', (status) => {
    expect(codeOf(() => requeueTransition('d1', status))).toBe('invalid_state');
  });
});

describe('purgeTransition', () => {
  it('fails an open decision whose job was purged, with a FAILED task', () => {
    expect(purgeTransition('queued')).toEqual({ from: 'queued', to: 'failed', task: 'FAILED' });
    expect(purgeTransition('processing')).toEqual({ from: 'processing', to: 'failed', task: 'FAILED' });
  });
  it.each([...TERMINAL_STATUSES])('leaves a %s decision alone', (status) => {
    expect(purgeTransition(status)).toBeNull();
  });
});

describe('restorableAfterRemoval', () => {
  it('restores a decision that still fails with the error it had when its job was removed', () => {
    expect(restorableAfterRemoval('failed', 'purged by an operator (ann): bad batch', 'purged by an operator (ann): bad batch')).toBe(true);
    expect(restorableAfterRemoval('failed', null, null)).toBe(true);
  });
  it('leaves a decision that failed again for another reason since', () => {
    expect(restorableAfterRemoval('failed', 'judging failed: boom', 'purged by an operator (ann): bad batch')).toBe(false);
  });
  it.each(DECISION_STATUSES.filter((s) => s !== 'failed'))('leaves a %s decision alone', (status) => {
    expect(restorableAfterRemoval(status, 'x', 'x')).toBe(false);
  });
});

describe('reconcileTransition', () => {
  it('re-queues open decisions from the status they are in', () => {
    expect(reconcileTransition('queued')).toEqual({ from: 'queued', to: 'queued', task: 'PENDING' });
    expect(reconcileTransition('processing')).toEqual({ from: 'processing', to: 'queued', task: 'PENDING' });
  });
  it.each([...TERMINAL_STATUSES])('leaves a %s decision alone', (status) => {
    expect(reconcileTransition(status)).toBeNull();
  });
});

describe('unblockTransition', () => {
  it('moves a BLOCKED task to RUNNING', () => {
    expect(unblockTransition('t1', 'BLOCKED')).toEqual({ from: 'BLOCKED', to: 'RUNNING' });
  });
  it.each(TASK_STATUSES.filter((s) => s !== 'BLOCKED'))('refuses a %s task with not_blocked', (status) => {
    expect(codeOf(() => unblockTransition('t1', status))).toBe('not_blocked');
  });
});
