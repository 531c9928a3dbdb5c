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
import { matchUiRoute } from '../../shared/ui-routes';
import { LogOut, Moon, PanelLeftClose, PanelLeftOpen, Sun } from 'lucide-react';
import { useGoKeys } from './keyboard/go-keys';
import { useOp } from './api/queries';
import { MuteBanner } from './components/mute-banner';
import type { Attention } from '../../shared/schemas/attention';
import { Link } from './components/link';
import { SkipLink } from './components/skip-link';
import { LoginScreen } from './screens/login';
import { OverviewScreen } from './screens/overview';
import { DecisionsScreen } from './screens/decisions';
import { DecisionScreen } from './screens/decision';
import { TaskScreen } from './screens/task';
import { EntityScreen } from './screens/entity';
import { ReviewQueueScreen } from './screens/review-queue';
import { BlockedTasksScreen } from './screens/blocked-tasks';
import { PoliciesScreen } from './screens/policies';
import { BreakersScreen } from './screens/breakers';
import { AlertsScreen } from './screens/alerts';
import { TimelineScreen } from './screens/timeline';
import { RunbookScreen } from './screens/runbook';
import { DeadLettersScreen } from './screens/dead-letters';
import { ActionDialog } from './components/action-dialog';


/** Ends the session on the engine (its cookie is cleared, its live stream closes), then shows the sign-in. */
async function logOut(): Promise<void> {
  // An expired session is already over (401): sign out here either way.
  await api.endSession({}).catch(() => undefined);
  window.location.reload();
}

/** Signs in (Electron: the local user; browser: the login link or a pasted key), then the workstation. */
export function App() {
  const session = useSession();
  const [state, setState] = useState<'checking' | 'in' | 'out'>('checking');
  const [problem, setProblem] = useState<string | null>(null);
  // The engine stopped accepting the session (logout in another tab, key revoked): back to sign-in.
  useEffect(() => {
    if (session.ended !== null && state === 'in') {
      setProblem(`Signed out: ${session.ended}`);
      setState('out');
    }
  }, [session.ended, state]);

  useEffect(() => {
    const login = /#login=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
    const signIn = async () => {
      if (login && !inElectron) {
        window.history.replaceState(null, '', window.location.pathname + window.location.search);
        const s = await api.createSession({ token: login });
        session.setSession({ name: s.name, workspaceId: s.workspace_id, scopes: s.scopes });
        return;
      }
      // A browser reload or a new tab: the session cookie, when there is one, signs in.
      const me = await api.whoAmI({});
      session.setSession({ name: me.name, workspaceId: me.workspace_id, scopes: me.scopes });
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

/** The number beside a screen in the navigation: what waits there, from the same state the Overview reads. */
function navCount(to: string, a: Attention): { value: number; title: string } | null {
  switch (to) {
    case '/review':
      return { value: a.review.count, title: `${a.review.count} decision(s) wait for review` };
    case '/blocked':
      return { value: a.blocked_tasks, title: `${a.blocked_tasks} task(s) blocked` };
    case '/alerts':
      return { value: a.alerts.firing.length, title: `${a.alerts.firing.length} alert(s) firing, ${a.alerts.silenced.length} silenced, ${a.alerts.pending.length} pending` };
    case '/dead-letters':
      return { value: a.dead_letters, title: `${a.dead_letters} dead-lettered job(s)` };
    case '/breakers': {
      const held = a.breakers.length;
      return { value: held, title: `${held} breaker(s) not closed or held by an operator` };
    }
    default:
      return null;
  }
}

const NAV_KEY = 'decisionos.nav';

function Workstation() {
  useGoKeys();
  const attention = useOp('getAttention', {}, { refetchInterval: 10_000 });
  const { path } = useRoute((s) => s.route);
  const { name, workspaceId } = useSession();
  const { theme, toggle } = useTheme();
  const [navCollapsed, setNavCollapsed] = useState(() => window.localStorage.getItem(NAV_KEY) === 'collapsed');
  const toggleNav = () =>
    setNavCollapsed((c) => {
      window.localStorage.setItem(NAV_KEY, c ? 'expanded' : 'collapsed');
      return !c;
    });
  return (
    <div className="app" data-nav={navCollapsed ? 'collapsed' : 'expanded'}>
      <SkipLink targetId="content" />
      <nav className="nav" aria-label="Screens">
        <div className="brand">DecisionOS</div>
        <button className="nav-toggle" onClick={toggleNav} aria-expanded={!navCollapsed} aria-label={navCollapsed ? 'Expand navigation' : 'Collapse navigation'}>
          {navCollapsed ? <PanelLeftOpen className="icon" aria-hidden="true" /> : <><PanelLeftClose className="icon" aria-hidden="true" /> Collapse</>}
        </button>
        {SCREENS.map((n) => {
          const count = attention.data ? navCount(n.to, attention.data) : null;
          return (
            <Link key={n.to} to={n.to} current={n.to === '/' ? path === '/' : path.startsWith(n.to)} title={count ? count.title : n.label}>
              <n.icon className="icon" aria-hidden="true" />
              <span className="full-label">{n.label}</span>
              {count && count.value > 0 ? <span className="nav-count" aria-hidden="true">{count.value}</span> : null}
            </Link>
          );
        })}
        <div className="spacer" />
        <div className="who">Ctrl+K: command palette</div>
        <div className="who">{name} · {workspaceId}</div>
        <div className="foot">
          <button onClick={toggle} aria-label="Toggle theme" title={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
            {theme === 'dark' ? <Sun className="icon" aria-hidden="true" /> : <Moon className="icon" aria-hidden="true" />}
            <span className="full-label">{theme === 'dark' ? 'Light theme' : 'Dark theme'}</span>
          </button>
          {!inElectron ? (
            <button onClick={() => void logOut()} title="Log out" aria-label="Log out">
              <LogOut className="icon" aria-hidden="true" />
              <span className="full-label">Log out</span>
            </button>
          ) : null}
        </div>
      </nav>
      <main className="main" id="content" tabIndex={-1}>
        <MuteBanner muted={attention.data?.notifications_muted} />
        {screenFor(path)}
      </main>
      <Toasts />
      <CommandPalette />
      <ConfirmDialog />
      <ActionDialog />
    </div>
  );
}

function screenFor(path: string) {
  const page = matchUiRoute(path);
  switch (page?.screen) {
    case 'decision':
      return <DecisionScreen decisionId={page.id as string} />;
    case 'task':
      return <TaskScreen taskId={page.id as string} />;
    case 'entity':
      return <EntityScreen key={page.id} entityId={page.id as string} />;
    case 'decisions':
      return <DecisionsScreen />;
    case 'review':
      return <ReviewQueueScreen />;
    case 'blocked':
      return <BlockedTasksScreen />;
    case 'policies':
      return <PoliciesScreen />;
    case 'breakers':
      return <BreakersScreen />;
    case 'alerts':
      return <AlertsScreen />;
    case 'timeline':
      return <TimelineScreen />;
    case 'runbook':
      return <RunbookScreen />;
    case 'dead-letters':
      return <DeadLettersScreen />;
    case 'overview':
      return <OverviewScreen />;
    case undefined:
      break;
  }
  return (
    <div className="page">
      <h1>Nothing here</h1>
      <p className="muted">No screen at {path}. <Link to="/">Back to the overview</Link>.</p>
    </div>
  );
}
