/** One row of BENCHMARKS.md (and of `decisionos loadtest`'s table). */
export interface BenchRow {
  name: string;
  result: string;
  target: string;
  /** null: no target to meet. */
  met: boolean | null;
  note?: string;
}

/** The Markdown table `npm run bench` writes, so figures from either end up side by side. */
export function benchTable(rows: readonly BenchRow[]): string {
  return [
    '| benchmark | measured | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.result} | ${r.target} | ${r.met === null ? '—' : r.met ? 'yes' : '**no**'} |`),
  ].join('\n');
}
