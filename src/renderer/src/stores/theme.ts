import { create } from 'zustand';

type Theme = 'light' | 'dark';
const KEY = 'decisionos.theme';

function initial(): Theme {
  const saved = window.localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Light or dark: the system's choice until the user picks one, then remembered. */
export const useTheme = create<{ theme: Theme; toggle(): void }>((set, get) => ({
  theme: initial(),
  toggle() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    window.localStorage.setItem(KEY, theme);
    document.documentElement.dataset.theme = theme;
    set({ theme });
  },
}));

export function applyTheme(): void {
  document.documentElement.dataset.theme = useTheme.getState().theme;
}
