import type { KeyValue, KvReads } from '../../ports/key-value';
import { MAX_MUTE_MINUTES } from '../../../../shared/schemas/runbook';

/** In the shared KeyValue, so the alert-lead process (the one that sends) sees a mute set through any process. */
const KEY = 'runbook:notifications-mute';

export interface NotificationMute {
  /** ms since the epoch; notifications flow again from then on. */
  until: number;
  by: string;
  reason: string;
  at: number;
}

/** The mute in force at `now`, or null (none set, lifted, or its time is up). */
export async function currentMute(kv: KvReads, now: number): Promise<NotificationMute | null> {
  const stored = (await kv.get<NotificationMute | null>(KEY))?.value ?? null;
  return stored !== null && stored.until > now ? stored : null;
}

/** Sets (or, with null, lifts) the mute; a write that loses a race with another process is tried again on the new version. */
export async function setMute(kv: KeyValue, value: NotificationMute | null): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const stored = await kv.get<NotificationMute | null>(KEY);
    if ((await kv.compareAndSet(KEY, stored?.version ?? null, value)) !== null) return;
  }
  throw new Error('the notification mute kept changing under this write; try again');
}

/** Why a mute cannot end at `until`, or null when it can. */
export function muteEndProblem(until: number, now: number): string | null {
  if (!Number.isFinite(until)) return 'until: not a time';
  if (until <= now) return 'until: a mute must end in the future';
  if (until - now > MAX_MUTE_MINUTES * 60_000) return `until: a mute lasts at most ${MAX_MUTE_MINUTES} minutes (7 days)`;
  return null;
}
