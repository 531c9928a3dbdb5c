/**
 * The workstation's pages, by path. The renderer picks a screen from this table and the HTTP server uses it
 * to tell a page navigation (serve the UI) from an API call on the same path: `/decisions/<id>` is both a
 * page and the runbooks' old JSON alias.
 */
export const UI_ROUTES = [
  { screen: 'overview', path: '/' },
  { screen: 'decisions', path: '/decisions' },
  { screen: 'decision', path: '/decisions/:id' },
  { screen: 'task', path: '/tasks/:id' },
  { screen: 'entity', path: '/entities/:id' },
  { screen: 'review', path: '/review' },
  { screen: 'blocked', path: '/blocked' },
  { screen: 'policies', path: '/policies' },
  { screen: 'breakers', path: '/breakers' },
  { screen: 'alerts', path: '/alerts' },
  { screen: 'timeline', path: '/timeline' },
  { screen: 'runbook', path: '/runbook' },
  { screen: 'dead-letters', path: '/dead-letters' },
] as const;

export type UiScreen = (typeof UI_ROUTES)[number]['screen'];

export interface UiMatch {
  screen: UiScreen;
  /** The `:id` segment, decoded, for pages about one thing. */
  id?: string;
}

const compiled = UI_ROUTES.map((r) => ({
  screen: r.screen,
  regex: new RegExp(`^${r.path.replace(':id', '([^/]+)')}$`),
}));

/** The page a path shows, or null when no page lives there. */
export function matchUiRoute(pathname: string): UiMatch | null {
  for (const r of compiled) {
    const m = r.regex.exec(pathname);
    if (!m) continue;
    if (m[1] === undefined) return { screen: r.screen };
    try {
      return { screen: r.screen, id: decodeURIComponent(m[1]) };
    } catch {
      return null; // a malformed %-escape names no page
    }
  }
  return null;
}
