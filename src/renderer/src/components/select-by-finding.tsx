import { useMemo, useState } from 'react';
import type { DecisionView } from '../../../shared/schemas/decision';

/** "Select all 60 with finding integration_unavailable": picks every listed decision that has one finding code. */
export function SelectByFinding({ items, onSelect }: { items: DecisionView[]; onSelect(ids: string[], code: string): void }) {
  const counts = useMemo(() => {
    const byCode = new Map<string, string[]>();
    for (const d of items) for (const code of new Set(d.findings.map((f) => f.code))) byCode.set(code, [...(byCode.get(code) ?? []), d.decision_id]);
    return [...byCode.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [items]);
  const [code, setCode] = useState('');
  const chosen = counts.find(([c]) => c === code) ?? counts[0];
  if (!chosen) return null;
  return (
    <form className="row" aria-label="Select by finding" onSubmit={(e) => (e.preventDefault(), onSelect(chosen[1], chosen[0]))}>
      <label>
        Finding{' '}
        <select value={chosen[0]} onChange={(e) => setCode(e.target.value)}>
          {counts.map(([c, ids]) => <option key={c} value={c}>{c} ({ids.length})</option>)}
        </select>
      </label>
      <button type="submit">Select all {chosen[1].length}</button>
    </form>
  );
}
