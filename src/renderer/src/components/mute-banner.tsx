import { BellOff } from 'lucide-react';
import type { NotificationsMuted } from '../../../shared/schemas/attention';
import { hasScope } from '../../../shared/scopes';
import { useSession } from '../stores/session';
import { openAction } from '../stores/action-flow';
import { formatTime } from './format';

/** While every notification is muted, every screen says so, with who muted them, why, until when, and the way back. */
export function MuteBanner({ muted }: { muted: NotificationsMuted | null | undefined }) {
  const scopes = useSession((s) => s.scopes);
  if (!muted) return null;
  return (
    <div className="attention warn mute-banner" role="status">
      <BellOff className="icon" aria-hidden="true" />
      <span>
        <strong>Notifications muted</strong> until {formatTime(muted.until)} UTC by {muted.by}: {muted.reason}. Alerts still fire here; no receiver is told.
      </span>
      {hasScope(scopes, 'system') ? <button onClick={() => openAction('unmute-notifications')}>Unmute</button> : null}
    </div>
  );
}
