/** Chips that pick which event types a trace lists; none picked lists them all. */
export function EventTypeFilter({ types, selected, onChange }: { types: readonly string[]; selected: ReadonlySet<string> | undefined; onChange(next: string[]): void }) {
  const toggle = (type: string) => {
    const next = new Set(selected);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    onChange(types.filter((t) => next.has(t)));
  };
  return (
    <div className="row chips" role="group" aria-label="Event types">
      {types.map((t) => (
        <button key={t} type="button" className="chip" aria-pressed={selected?.has(t) ?? false} onClick={() => toggle(t)}>{t}</button>
      ))}
      {selected ? <button type="button" onClick={() => onChange([])}>All types</button> : null}
    </div>
  );
}
