export interface Bar {
  key: string;
  label: string;
  value: number;
}

/**
 * A horizontal bar chart whose bars are buttons: choosing one filters the view below it. Bars are sized
 * relative to the largest value, and every bar shows its number, so the chart reads without a legend.
 */
export function BarChart({ label, bars, selected, onSelect }: { label: string; bars: Bar[]; selected: string | null; onSelect(key: string): void }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <div className="bars" role="list" aria-label={label}>
      {bars.map((b) => (
        <button key={b.key} role="listitem" className="bar" aria-pressed={b.key === selected} onClick={() => onSelect(b.key)} title={`${b.label}: ${b.value}`}>
          <span className="bar-label mono">{b.label}</span>
          <span className="bar-track">
            <span className="bar-fill" style={{ width: `${(b.value / max) * 100}%` }} />
          </span>
          <span className="bar-value">{b.value}</span>
        </button>
      ))}
    </div>
  );
}
