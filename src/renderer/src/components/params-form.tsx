import type { ParamField } from './params-schema';

/** One input per param, from the action's schema: text, number, a select for enums and booleans, a textarea for lists. */
export function ParamsForm({ fields, texts, errors, onChange }: { fields: readonly ParamField[]; texts: Record<string, string>; errors: Record<string, string>; onChange(name: string, text: string): void }) {
  return (
    <fieldset className="params">
      <legend>Params</legend>
      {fields.map((f) => {
        const label = `${f.name}${f.required ? ' (required)' : ''}`;
        const value = texts[f.name] ?? '';
        const set = (text: string) => onChange(f.name, text);
        let input;
        if (f.kind === 'other') input = <span className="muted small">Not editable here: set it with `decisionos action run` or the API.</span>;
        else if (f.kind === 'string-list') input = <textarea rows={3} value={value} onChange={(e) => set(e.target.value)} placeholder={`one per line, or comma-separated${f.required ? '' : '; empty: what the action does by default'}`} />;
        else if (f.kind === 'enum' || f.kind === 'boolean') {
          const options = f.kind === 'boolean' ? ['true', 'false'] : f.options;
          input = (
            <select value={value} onChange={(e) => set(e.target.value)}>
              <option value="">{f.required ? 'choose…' : '(default)'}</option>
              {options.map((o) => <option key={o} value={o}>{o}</option>)}
            </select>
          );
        } else input = <input type={f.kind === 'string' ? 'text' : 'number'} value={value} onChange={(e) => set(e.target.value)} />;
        return (
          <label key={f.name} className="param">
            <span>{label}{errors[f.name] ? <span className="field-error">{errors[f.name]}</span> : null}</span>
            {input}
            {f.description ? <span className="muted small">{f.description}</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
