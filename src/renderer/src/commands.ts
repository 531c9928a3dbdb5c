import { Activity, Ban, Bell, BookOpen, ClipboardCheck, LayoutDashboard, ListChecks, ScrollText, Skull, Zap } from 'lucide-react';
import type { Scope } from '../../shared/scopes';
import type { ActionInfo } from '../../shared/schemas/runbook';
import { openAction } from './stores/action-flow';
import { hasScope, type OpScope } from '../../shared/scopes';
import { contract } from '../../shared/contract';
import { api } from './api/transport';
import { runAction } from './api/run-action';
import { confirm } from './stores/confirm';
import { useRoute } from './stores/route';
import { useTheme } from './stores/theme';
import type { CommandEntry } from './components/command-match';
import { entityPath } from '../../shared/entities';

export interface Command extends CommandEntry {
  /** The scope the action needs; the palette lists only what the signed-in key may do. */
  scope: OpScope;
  run(): void | Promise<void>;
}

/** The navigation, in order; `jump` is the letter after `g` that opens the screen from anywhere. */
export const SCREENS = [
  { to: '/', label: 'Overview', jump: 'o', icon: LayoutDashboard, keywords: 'home dashboard attention' },
  { to: '/decisions', label: 'Decisions', jump: 'd', icon: ListChecks, keywords: 'list search filter' },
  { to: '/review', label: 'Review', jump: 'r', icon: ClipboardCheck, keywords: 'needs_review triage queue' },
  { to: '/blocked', label: 'Blocked', jump: 'b', icon: Ban, keywords: 'blocked tasks unblock reasons' },
  { to: '/policies', label: 'Policies', jump: 'p', icon: ScrollText, keywords: 'governance rules versions upload activate' },
  { to: '/breakers', label: 'Breakers', jump: 'c', icon: Zap, keywords: 'integrations circuit upstream force open reset' },
  { to: '/alerts', label: 'Alerts', jump: 'a', icon: Bell, keywords: 'firing silence acknowledge rules webhook' },
  { to: '/timeline', label: 'Timeline', jump: 't', icon: Activity, keywords: 'incident events charts history what happened' },
  { to: '/runbook', label: 'Runbook', jump: 'k', icon: BookOpen, keywords: 'incidents checks actions diagnose fix on-call' },
  { to: '/dead-letters', label: 'Dead letters', jump: 'l', icon: Skull, keywords: 'dead letter queue failed jobs retry discard sidekiq' },
];

const navigate = (to: string) => useRoute.getState().navigate(to);

/** Every screen and every action the palette offers (the runbook's as the engine lists them), filtered by the user's scopes. */
export function paletteCommands(scopes: readonly Scope[], actions: readonly ActionInfo[] = []): Command[] {
  const all: Command[] = [
    ...SCREENS.map((s) => ({ id: `go:${s.to}`, title: `Go to ${s.label}`, keywords: s.keywords, scope: 'read' as const, run: () => navigate(s.to) })),
    { id: 'filter:blocked', title: 'Show blocked decisions', keywords: 'filter status', scope: 'read', run: () => navigate('/decisions?status=blocked') },
    { id: 'filter:failed', title: 'Show failed decisions', keywords: 'filter status dead letter', scope: 'read', run: () => navigate('/decisions?status=failed') },
    { id: 'theme', title: 'Toggle light / dark theme', keywords: 'appearance colors', scope: 'read', run: () => useTheme.getState().toggle() },
    ...actions.map((a) => ({ id: `action:${a.id}`, title: `Run action: ${a.title}`, keywords: `runbook ${a.id}`, scope: a.scope, run: () => openAction(a.id) })),
  ];
  return all.filter((c) => hasScope(scopes, c.scope));
}

/**
 * Commands for an id typed into the palette: open it; an id that is not a decision's may be a task's (open it,
 * unblock it with scope `operate`) or a customer's, merchant's, affiliate's or agent's (open its entity page).
 */
export function idCommands(kind: 'decision' | 'task', id: string, scopes: readonly Scope[]): Command[] {
  const path = `/${kind === 'decision' ? 'decisions' : 'tasks'}/${encodeURIComponent(id)}`;
  const commands: Command[] = [{ id: `open:${kind}:${id}`, title: `Open ${kind} ${id}`, scope: 'read', run: () => navigate(path) }];
  if (kind === 'task') {
    commands.push({ id: `open:entity:${id}`, title: `Open entity ${id}`, keywords: 'customer merchant affiliate agent', scope: contract.getEntity.scope, run: () => navigate(entityPath(id)) });
    commands.push({ id: `unblock:${id}`, title: `Unblock task ${id}`, scope: 'operate', run: () => unblockTask(id) });
  }
  return commands.filter((c) => hasScope(scopes, c.scope));
}

/** The one unblock flow (blocked-tasks screen and palette): confirm with a reason, then a toast linking to MANUAL_UNBLOCK. */
export async function unblockTask(taskId: string): Promise<void> {
  const answer = await confirm({
    title: `Unblock task ${taskId}?`,
    body: 'The task moves back to RUNNING. Your name and reason are written to its trace as MANUAL_UNBLOCK.',
    confirmLabel: 'Unblock',
    reasonLabel: 'Reason',
    danger: true,
  });
  if (!answer.confirmed) return;
  await runAction(`Unblock of ${taskId}`, () => api.unblockTask({ task_id: taskId, reason: answer.reason }), 'tasks', (done) => ({
    message: `Task ${taskId} unblocked.`,
    link: { label: 'See MANUAL_UNBLOCK in the trace', to: `/tasks/${encodeURIComponent(taskId)}?audit=${done.audit_id}` },
  }));
}
