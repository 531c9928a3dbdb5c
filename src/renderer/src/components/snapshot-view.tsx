import { diffSnapshots, flatten } from './snapshot-diff';
import { Link } from './link';

/**
 * A decision snapshot as key paths and values, with what changed since `previous` highlighted. Values
 * are rendered as text: inputs are untrusted, so markup in them stays inert.
 */
export function SnapshotView({ snapshot, previous, linkFor }: {
  snapshot: unknown;
  previous?: unknown;
  /** A page to link a value to (an entity id in the inputs), or null. */
  linkFor?: (path: string, value: unknown) => string | null;
}) {
  const flat = flatten(snapshot ?? {});
  const changes = previous === undefined ? new Map() : diffSnapshots(previous, snapshot);
  const removed = [...changes.entries()].filter(([, c]) => c === 'removed').map(([p]) => p);
  const prevFlat = previous === undefined ? {} : flatten(previous);
  return (
    <div className="kv" aria-label="Decision snapshot">
      {Object.entries(flat).map(([path, value]) => {
        const change = changes.get(path);
        const to = linkFor?.(path, value) ?? null;
        return [
          <div key={`${path}:k`} className={`mono ${change ?? ''}`} data-change={change}>{path}</div>,
          <div key={`${path}:v`} className={`mono ${change ?? ''}`} data-change={change}>{to ? <Link to={to}>{JSON.stringify(value)}</Link> : JSON.stringify(value)}</div>,
        ];
      })}
      {removed.map((path) => [
        <div key={`${path}:k`} className="mono removed" data-change="removed">{path}</div>,
        <div key={`${path}:v`} className="mono removed" data-change="removed">{JSON.stringify(prevFlat[path])}</div>,
      ])}
    </div>
  );
}
