import { RotateApiKeyParams } from '../../../../../shared/schemas/runbook';
import { rotatableKey, rotateKey } from '../../access/keys';
import { defineAction } from './action';

const until = (at: number) => new Date(at).toISOString();

export const rotateApiKey = defineAction({
  id: 'rotate-api-key',
  title: 'Rotate an API key',
  description:
    'Replace a key of your workspace by a new secret with the same name and scopes. The old key keeps working for the grace period you set (0 to 10080 minutes; 0: refused at once), then is refused with 401. The new secret is in the run\'s result only, once. Cannot be undone.',
  scope: 'admin',
  params: RotateApiKeyParams,
  async preview(ctx, params) {
    const old = await rotatableKey(ctx.deps.store, params.key_id, ctx.caller.workspaceId);
    const graceMs = params.grace_minutes * 60_000;
    const end = graceMs === 0 ? 'is refused at once' : `stays valid until about ${until(ctx.deps.clock.now() + graceMs)} (${params.grace_minutes} min)`;
    const self = old.keyId === ctx.caller.keyId ? ' This is the key you are calling with.' : '';
    return {
      summary: `Replace key ${old.keyId} ("${old.name}", ${old.scopes.join(',')}) by a new secret; the old key ${end}, then answers 401.${self}`,
      touches: { counts: { keys: 1 }, ids: [old.keyId], total: 1 },
      destructive: true,
      confirm: old.keyId,
      params,
    };
  },
  async run(ctx, params, _preview, progress) {
    const graceMs = params.grace_minutes * 60_000;
    const created = await rotateKey(ctx.deps.store, ctx.deps.clock, params.key_id, ctx.caller.name, { graceMs, workspaceId: ctx.caller.workspaceId });
    progress(1, 1);
    const end = graceMs === 0 ? 'is revoked' : `stays valid until ${until(created.record.createdAt + graceMs)}`;
    return {
      summary: `Key ${params.key_id} replaced by key ${created.record.keyId}; the old key ${end}. The new secret is shown only in this result.`,
      counts: { keys: 1 },
      undo: null,
      secret: created.key,
    };
  },
});
