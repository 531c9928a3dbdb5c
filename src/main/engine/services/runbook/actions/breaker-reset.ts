import { BreakerParams } from '../../../../../shared/schemas/runbook';
import { defineAction } from './action';
import { previewBreaker, runBreaker } from './breaker-common';

export const breakerReset = defineAction({
  id: 'breaker-reset',
  title: 'Reset a breaker',
  description: 'Back to CLOSED with an empty window, ending any force.',
  scope: 'system',
  params: BreakerParams,
  preview: (ctx, params) => previewBreaker(ctx, params, 'back to CLOSED with an empty window.'),
  run: (ctx, params, _preview, progress) => runBreaker(ctx, params, 'reset', progress),
});
