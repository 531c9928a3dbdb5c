import { z } from 'zod';
import { IsoTimestamp } from './common';
import { Scope } from '../scopes';

export const CreateSessionInput = z.strictObject({ token: z.string().min(16).max(256) });

export const Session = z.object({
  key: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  scopes: z.array(Scope),
  expires_at: IsoTimestamp,
});
export type Session = z.infer<typeof Session>;

export const WhoAmI = z.object({
  key_id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  scopes: z.array(Scope),
});
export type WhoAmI = z.infer<typeof WhoAmI>;

export const SessionEnded = z.object({ ended: z.literal(true), key_id: z.string() });
export type SessionEnded = z.infer<typeof SessionEnded>;
