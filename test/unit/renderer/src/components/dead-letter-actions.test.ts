import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deadLetterActions } from '../../../../../src/renderer/src/components/dead-letter-actions';
import { BreakerParams, NoParams, RetryDeadLettersParams, UnblockTasksParams, type ActionInfo } from '../../../../../src/shared/schemas/runbook';
import type { JsonObject } from '../../../../../src/shared/schemas/common';

const action = (id: string, params: z.ZodType): ActionInfo => ({ id, title: id, description: '', scope: 'operate', params_schema: z.toJSONSchema(params, { io: 'input' }) as JsonObject });

describe('deadLetterActions', () => {
  it('offers retry-dead-letters, and no action that is not about dead letters (with the params schemas the engine has)', () => {
    const registered = [action('pause-worker', NoParams), action('unblock-tasks', UnblockTasksParams), action('retry-dead-letters', RetryDeadLettersParams), action('breaker-reset', BreakerParams)];
    expect(deadLetterActions(registered).map((a) => a.id)).toEqual(['retry-dead-letters']);
  });

  it('offers a dead-letter action registered later when it takes job_ids, and not one that takes something else', () => {
    const later = [
      action('discard-dead-letters', z.strictObject({ job_ids: z.array(z.string()).optional() })),
      action('export-dead-letters', z.strictObject({ file: z.string() })),
      action('purge-queued-jobs', z.strictObject({ job_ids: z.array(z.string()) })),
    ];
    expect(deadLetterActions(later).map((a) => a.id)).toEqual(['discard-dead-letters']);
  });
});
