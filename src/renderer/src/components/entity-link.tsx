import { entitiesOf, entityKindOf, entityPath } from '../../../shared/entities';
import type { DecisionView } from '../../../shared/schemas/decision';
import { Link } from './link';

/** A customer, merchant, affiliate or agent id as a link to its entity page. */
export function EntityLink({ id }: { id: string }) {
  return <Link to={entityPath(id)} title={`Everything about ${id}`}><span className="mono">{id}</span></Link>;
}

/** The entities a decision names, each as "kind <link>", for a facts line or the review pane's Subject. */
export function DecisionEntities({ decision }: { decision: Pick<DecisionView, 'decision_type' | 'inputs'> }) {
  const refs = entitiesOf(decision.decision_type, decision.inputs);
  if (refs.length === 0) return <>—</>;
  return (
    <>
      {refs.map((e, i) => (
        <span key={`${e.kind}:${e.id}`}>{i > 0 ? ' · ' : ''}{e.kind} <EntityLink id={e.id} /></span>
      ))}
    </>
  );
}

/** For SnapshotView: the entity page of an `inputs.<field>` value when that field names an entity. */
export function inputEntityLinks(decisionType: DecisionView['decision_type']) {
  return (path: string, value: unknown): string | null => {
    const field = /^inputs\.([^.[\]]+)$/.exec(path)?.[1];
    return field && typeof value === 'string' && entityKindOf(decisionType, field) ? entityPath(value) : null;
  };
}
