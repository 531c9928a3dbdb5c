import { BreakerParams } from '../../../../../shared/schemas/runbook';
import { defineAction } from './action';
import { previewBreaker, runBreaker } from './breaker-common';

export const breakerForceClose = defineAction({
  id: 'breaker-force-close',
  title: 'Force a breaker closed',
  description: 'Hold the breaker CLOSED until reset: every call goes out and failures do not open it.',
  scope: 'system',
  params: BreakerParams,
  preview: (ctx, params) => previewBreaker(ctx, params, 'every call goes out until breaker-reset.'),
  run: (ctx, params, _preview, progress) => runBreaker(ctx, params, 'force-close', progress),
});
