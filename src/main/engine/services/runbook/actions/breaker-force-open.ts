import { BreakerParams } from '../../../../../shared/schemas/runbook';
import { defineAction } from './action';
import { previewBreaker, runBreaker } from './breaker-common';

export const breakerForceOpen = defineAction({
  id: 'breaker-force-open',
  title: 'Force a breaker open',
  description: 'Hold the breaker OPEN until reset: calls are rejected and decisions get integration_unavailable.',
  scope: 'system',
  params: BreakerParams,
  preview: (ctx, params) => previewBreaker(ctx, params, 'calls are rejected until breaker-reset.'),
  run: (ctx, params, _preview, progress) => runBreaker(ctx, params, 'force-open', progress),
});
