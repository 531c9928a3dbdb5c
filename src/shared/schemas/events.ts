import { z } from 'zod';
import { IsoTimestamp } from './common';

/**
 * Live updates are coarse on purpose: "decisions changed", not the decision. The UI refetches what it shows,
 * through the same authorised operations, so an event can never carry another workspace's data.
 */
export const LIVE_EVENT_KINDS = ['decisions', 'tasks', 'queue', 'policies', 'breakers', 'alerts'] as const;
export const LiveEventKind = z.enum(LIVE_EVENT_KINDS);
export type LiveEventKind = z.infer<typeof LiveEventKind>;

export const LiveEvent = z.object({ kind: LiveEventKind, at: IsoTimestamp });
export type LiveEvent = z.infer<typeof LiveEvent>;

/** The one streaming route (Server-Sent Events); in Electron the same events arrive on IPC_EVENT_CHANNEL. */
export const LIVE_EVENTS_PATH = '/api/events';

/** A change notice between processes (the change bus): which kinds changed. At most one of each kind. */
export const ChangeNotice = z.object({ kinds: z.array(LiveEventKind).min(1).max(LIVE_EVENT_KINDS.length) });
export type ChangeNotice = z.infer<typeof ChangeNotice>;
