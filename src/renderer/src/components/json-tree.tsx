import type { MouseEvent } from 'react';
import { toast } from '../stores/toasts';
import { childPath, copyableValue, JSON_ROOT } from './json-path';

/** Levels open when the tree first shows; deeper objects start collapsed. */
const OPEN_DEPTH = 3;

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast({ kind: 'success', message: `Copied ${what}.` });
  } catch {
    toast({ kind: 'info', message: text });
  }
}

function CopyButtons({ path, value }: { path: string; value: unknown }) {
  // A click inside <summary> would also fold the node.
  const run = (e: MouseEvent, text: string, what: string) => (e.preventDefault(), void copy(text, what));
  return (
    <span className="json-copy">
      <button type="button" aria-label={`Copy path ${path}`} onClick={(e) => run(e, path, path)}>path</button>
      <button type="button" aria-label={`Copy value of ${path}`} onClick={(e) => run(e, copyableValue(value), `the value of ${path}`)}>value</button>
    </span>
  );
}

function JsonNode({ name, path, value, depth }: { name: string; path: string; value: unknown; depth: number }) {
  const entries: [string | number, unknown][] | null = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : null;
  if (entries === null) {
    // Values are rendered as text: inputs are untrusted, so markup in them stays inert.
    return (
      <div className="json-node" data-path={path}>
        <span className="json-key">{name}</span> <span className="mono">{JSON.stringify(value)}</span>
        <CopyButtons path={path} value={value} />
      </div>
    );
  }
  const shape = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details className="json-node" data-path={path} open={depth < OPEN_DEPTH}>
      <summary>
        <span className="json-key">{name}</span> <span className="muted">{shape}</span>
        <CopyButtons path={path} value={value} />
      </summary>
      <div className="json-children">
        {entries.map(([key, child]) => (
          <JsonNode key={key} name={typeof key === 'number' ? `[${key}]` : key} path={childPath(path, key)} value={child} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

/** JSON as a collapsible tree; every node copies its JSON path (`$.a.b[0]`) or its value. */
export function JsonTree({ value, label }: { value: unknown; label: string }) {
  return (
    <div className="json-tree" aria-label={label}>
      <JsonNode name={JSON_ROOT} path={JSON_ROOT} value={value} depth={0} />
    </div>
  );
}
