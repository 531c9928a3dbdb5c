import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../stores/session';
import { idCommands, paletteCommands, type Command } from '../commands';
import { idKind, matchCommands } from './command-match';
import { useOp } from '../api/queries';

/** Ctrl/Cmd+K: jump to any screen, decision or task id, or run any action the user's scopes allow. */
export function CommandPalette() {
  const scopes = useSession((s) => s.scopes);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState(0);
  const actions = useOp('listActions', {}, { staleTime: Infinity });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
        setText('');
        setCursor(0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const results = useMemo(() => {
    const matched = matchCommands(text, paletteCommands(scopes, actions.data?.items));
    const kind = idKind(text);
    const ids = kind ? idCommands(kind, text.trim(), scopes) : [];
    // A decision id is unmistakable, so opening it comes first; a task id is a guess, so it comes after matches.
    return kind === 'decision' ? [...ids, ...matched] : [...matched, ...ids];
  }, [text, scopes, actions.data]);

  if (!open) return null;
  const run = (c: Command | undefined) => {
    if (!c) return;
    setOpen(false);
    void c.run();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setCursor((i) => Math.min(results.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setCursor((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter') run(results[cursor]);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="overlay palette-overlay" onClick={() => setOpen(false)}>
      <div className="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          autoFocus
          aria-label="Command, screen or id"
          placeholder="Type a screen, an action, or a decision / task id"
          value={text}
          onChange={(e) => (setText(e.target.value), setCursor(0))}
          onKeyDown={onKeyDown}
        />
        <div role="listbox" aria-label="Commands">
          {results.length === 0 ? <div className="muted">Nothing matches. Try a screen name, "pause", or an id.</div> : null}
          {results.map((c, i) => (
            <div key={c.id} role="option" aria-selected={i === cursor} className="palette-item" onMouseEnter={() => setCursor(i)} onClick={() => run(c)}>
              {c.title}
              {c.scope !== 'read' ? <span className="muted"> · needs {c.scope}</span> : null}
            </div>
          ))}
        </div>
        <div className="muted">↑ ↓ to choose · Enter to run · Esc to close</div>
      </div>
    </div>
  );
}
