import { useEffect, useState } from 'react';
import { api, inElectron } from './api/transport';
import { startLiveInvalidation } from './api/queries';
import { ApiError } from './api/client';
import { useSession } from './stores/session';
import { useRoute } from './stores/route';
import { useTheme } from './stores/theme';
import { ConfirmDialog, Toasts } from './components/feedback';
import { CommandPalette } from './components/command-palette';
import { SCREENS } from './commands';
import { Link } from './components/link';
import { LoginScreen } from './screens/login';
import { OverviewScreen } from './screens/overview';
import { DecisionsScreen } from './screens/decisions';
import { DecisionScreen } from './screens/decision';
import { TaskScreen } from './screens/task';
import { ReviewQueueScreen } from './screens/review-queue';
import { BlockedTasksScreen } from './screens/blocked-tasks';
import { PoliciesScreen } from './screens/policies';
import { BreakersScreen } from './screens/breakers';
import { AlertsScreen } from './screens/alerts';
import { TimelineScreen } from './screens/timeline';


/** Ends the session on the engine (its key stops working, its live stream closes), then forgets it here. */
async function logOut(clear: () => void): Promise<void> {
  // A pasted API key is not a session (400) and an expired session is already over (401): forget it either way.
  await api.endSession({}).catch(() => undefined);
  clear();
  window.location.reload();
}

/** Signs in (Electron: the local user; browser: the login link or a pasted key), then the workstation. */
export function App() {
  const session = useSession();
  const [state, setState] = useState<'checking' | 'in' | 'out'>('checking');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const login = /#login=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
    const signIn = async () => {
      if (login && !inElectron) {
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
        const s = await api.createSession({ token: login });
        session.setSession({ key: s.key, name: s.name, workspaceId: s.workspace_id, scopes: s.scopes });
        return;
      }
      if (!inElectron && !session.key) throw new ApiError('unauthorized', 'Sign in with an API key.', 401);
      const me = await api.whoAmI({});
      session.setSession({ key: session.key, name: me.name, workspaceId: me.workspace_id, scopes: me.scopes });
    };
    signIn()
      .then(() => setState('in'))
      .catch((e: unknown) => {
        setProblem(e instanceof ApiError && e.code !== 'unauthorized' ? e.message : login ? (e as Error).message : null);
        setState('out');
      });
    // Runs once: the login token in the URL is single-use.
  }, []);

  useEffect(() => (state === 'in' ? startLiveInvalidation() : undefined), [state]);

  if (state === 'checking') return <div className="page muted">Connecting to the engine…</div>;
  if (state === 'out') return <LoginScreen problem={problem} onSignedIn={() => setState('in')} />;
  return <Workstation />;
}

function Workstation() {
  const { path } = useRoute((s) => s.route);
  const { name, workspaceId, clear } = useSession();
  const { theme, toggle } = useTheme();
  return (
    <div className="app">
      <nav className="nav" aria-label="Screens">
        <div className="brand">DecisionOS</div>
        {SCREENS.map((n) => (
          <Link key={n.to} to={n.to} current={n.to === '/' ? path === '/' : path.startsWith(n.to)}>{n.label}</Link>
        ))}
        <div className="spacer" />
        <div className="who">Ctrl+K: command palette</div>
        <div className="who">{name} · {workspaceId}</div>
        <button onClick={toggle} aria-label="Toggle theme">{theme === 'dark' ? 'Light theme' : 'Dark theme'}</button>
        {!inElectron ? <button onClick={() => void logOut(clear)}>Log out</button> : null}
      </nav>
      <main className="main">{screenFor(path)}</main>
      <Toasts />
      <CommandPalette />
      <ConfirmDialog />
    </div>
  );
}

function screenFor(path: string) {
  const decision = /^\/decisions\/([^/]+)$/.exec(path);
  if (decision) return <DecisionScreen decisionId={decodeURIComponent(decision[1] as string)} />;
  const task = /^\/tasks\/([^/]+)$/.exec(path);
  if (task) return <TaskScreen taskId={decodeURIComponent(task[1] as string)} />;
  if (path === '/decisions') return <DecisionsScreen />;
  if (path === '/review') return <ReviewQueueScreen />;
  if (path === '/blocked') return <BlockedTasksScreen />;
  if (path === '/policies') return <PoliciesScreen />;
  if (path === '/breakers') return <BreakersScreen />;
  if (path === '/alerts') return <AlertsScreen />;
  if (path === '/timeline') return <TimelineScreen />;
  if (path === '/') return <OverviewScreen />;
  return (
    <div className="page">
      <h1>Nothing here</h1>
      <p className="muted">No screen at {path}. <Link to="/">Back to the overview</Link>.</p>
    </div>
  );
}
