import { useState } from 'react';
import { createHttpClient } from '../api/client';
import { useSession } from '../stores/session';

/** Browser sign-in: the link `npm start` prints signs in by itself; otherwise paste an API key. */
export function LoginScreen({ problem, onSignedIn }: { problem: string | null; onSignedIn(): void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(problem);
  const setSession = useSession((s) => s.setSession);
  const submit = async () => {
    try {
      // The key makes a browser session (an HttpOnly cookie); the key itself is not kept in the page.
      const s = await createHttpClient(window.location.origin, { apiKey: key.trim() }).startKeySession({});
      setKey('');
      setSession({ name: s.name, workspaceId: s.workspace_id, scopes: s.scopes });
      onSignedIn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="login" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h1>DecisionOS Workstation</h1>
      <p className="muted">
        Open the one-time link that <code>npm start</code> or <code>decisionos serve</code> printed, or sign in with an API key
        (<code>decisionos keys create</code>; the local admin key is in <code>~/.decisionos/admin.key</code>).
      </p>
      <label>
        API key
        <input type="password" value={key} onChange={(e) => setKey(e.target.value)} autoFocus style={{ width: '100%' }} />
      </label>
      {error ? <div className="error" role="alert">{error}</div> : null}
      <button className="primary" type="submit" disabled={key.trim().length < 10}>Sign in</button>
    </form>
  );
}
