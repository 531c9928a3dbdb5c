import { Fragment } from 'react';
import type { ActionPreview } from '../../../shared/schemas/runbook';

/** How many of a preview's ids the dialog lists; the rest are counted. */
export const SHOWN_IDS = 20;

/** What a run will touch: the summary, the counts, and the ids (the first few, then how many more). */
export function ActionPreviewView({ preview }: { preview: ActionPreview }) {
  const { counts, ids, total } = preview.touches;
  const shown = ids.slice(0, SHOWN_IDS);
  return (
    <section aria-label="Preview" className="action-preview">
      <div>{preview.summary}</div>
      {Object.keys(counts).length > 0 ? (
        <dl className="facts">
          {Object.entries(counts).map(([what, n]) => (
            <Fragment key={what}><dt>{what}</dt><dd>{n}</dd></Fragment>
          ))}
        </dl>
      ) : null}
      {shown.length > 0 ? (
        <div className="small">
          <span className="muted">Touches {total === 1 ? '' : `${total} in all`}</span>
          <ul className="id-list mono" aria-label="Ids it touches">
            {shown.map((id) => <li key={id}>{id}</li>)}
          </ul>
          {total > shown.length ? <span className="muted">… and {total - shown.length} more</span> : null}
        </div>
      ) : null}
    </section>
  );
}
