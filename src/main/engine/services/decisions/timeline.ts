import type { TimelineInput, TimelinePage } from '../../../../shared/schemas/timeline';
import type { Principal } from '../../ports/records';
import type { ServiceDeps } from '../deps';
import { KIND_OF_EVENT, timelineItem } from '../../domain/timeline';
import { decodeCursor, encodeCursor } from '../../domain/cursor';

const DAY = 86_400_000;

/** The incident timeline of a workspace: newest first, the last 24 h unless a range is given. */
export async function readTimeline(deps: ServiceDeps, principal: Principal, input: TimelineInput): Promise<TimelinePage> {
  const to = input.to ? Date.parse(input.to) : deps.clock.now() + 1;
  const from = input.from ? Date.parse(input.from) : to - DAY;
  const kinds = input.kinds ? new Set(input.kinds.split(',').map((k) => k.trim())) : null;
  const eventTypes = new Set(Object.keys(KIND_OF_EVENT).filter((e) => !kinds || kinds.has(KIND_OF_EVENT[e] as string)));
  const before = input.cursor ? decodeCursor<{ t: number; id: string }>(input.cursor, { t: 'number', id: 'string' }) : null;
  const rows = await deps.store.timeline(principal.workspaceId, { from, to, eventTypes, limit: input.limit + 1, before: before ? { at: before.t, id: before.id } : null });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(timelineItem),
    next_cursor: rows.length > input.limit && last ? encodeCursor({ t: last.at, id: last.id }) : null,
  };
}
