import { useEffect } from 'react';
import { SCREENS } from '../commands';
import { useRoute } from '../stores/route';
import { isTypingOrModal } from './typing-target';

/** How long after `g` the second key counts, as in Gmail and GitHub. */
const CHORD_MS = 1_500;

/**
 * `g` then a screen's letter jumps there (g r review, g d decisions, ...; the letters are the SCREENS rows').
 * Listens in the capture phase and swallows the chord, so the second key never also acts on the screen
 * (g r must not reject the review item under the cursor).
 */
export function useGoKeys(): void {
  useEffect(() => {
    let pendingSince = 0;
    const onKey = (e: KeyboardEvent) => {
      if (isTypingOrModal(e)) return;
      if (pendingSince > 0 && Date.now() - pendingSince < CHORD_MS) {
        pendingSince = 0;
        const screen = SCREENS.find((s) => s.jump === e.key);
        if (!screen) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        useRoute.getState().navigate(screen.to);
        return;
      }
      if (e.key === 'g') {
        pendingSince = Date.now();
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

/** Esc on a page about one thing goes back to where the user came from (the list, at the same row). */
export function useEscapeGoesBack(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTypingOrModal(e)) return;
      e.preventDefault();
      if (window.history.length > 1) window.history.back();
      else useRoute.getState().navigate('/');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
