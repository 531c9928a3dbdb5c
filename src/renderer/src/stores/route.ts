import { create } from 'zustand';

export interface Route {
  /** Path without query, e.g. '/decisions' or '/tasks/t-1'. */
  path: string;
  /** Query parameters: every filter of a view lives here, so each view has a shareable URL. */
  query: Record<string, string>;
}

function current(): Route {
  const url = new URL(window.location.href);
  return { path: url.pathname || '/', query: Object.fromEntries(url.searchParams) };
}

interface RouteState {
  route: Route;
  navigate(to: string, options?: { replace?: boolean }): void;
  /** Merge query changes into the current URL (undefined or '' removes a key). */
  setQuery(changes: Record<string, string | undefined>, options?: { replace?: boolean }): void;
}

/** The router: the browser URL is the state, so deep links, back and forward all work. */
export const useRoute = create<RouteState>((set, get) => ({
  route: typeof window === 'undefined' ? { path: '/', query: {} } : current(),
  navigate(to, options) {
    if (options?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    set({ route: current() });
  },
  setQuery(changes, options) {
    const { path, query } = get().route;
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    get().navigate(qs ? `${path}?${qs}` : path, options);
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => useRoute.setState({ route: current() }));
}
