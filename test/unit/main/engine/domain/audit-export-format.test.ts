import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, csvCell, csvHeader, csvLine, jsonLine, type ExportRecord } from '../../../../../src/main/engine/domain/audit-export-format';
import { parseCsv } from '../../../../fixtures/csv';

const record = (over: Partial<ExportRecord> = {}): ExportRecord => ({
  at: '2026-03-02T08:00:00.000Z', source: 'task', audit_id: 'aud_1', workspace_id: 'default', event_type: 'MANUAL_UNBLOCK', actor: 'alice',
  task_id: 't-1', decision_id: null, reason_code: null, target: null, payload: { reason: 'ok' }, ...over,
});

describe('audit export format', () => {
  it('CSV round-trips quotes, commas, CR, LF and CRLF inside cells, and an empty cell for null', () => {
    const nasty = 'said "no", then\nleft\r\nand came\rback';
    const text = csvHeader() + csvLine(record({ actor: nasty, payload: { note: nasty } }));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(row.actor).toBe(nasty);
    expect(JSON.parse(row.payload as string)).toEqual({ note: nasty });
    expect(row.decision_id).toBe('');
  });

  it("neutralises what a spreadsheet would run: a cell starting with = + - @ tab or CR gets a leading apostrophe, and nothing else changes", () => {
    for (const value of ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      const parsed = parseCsv(`${csvCell(value)}\r\n`)[0]?.[0];
      expect(parsed, JSON.stringify(value)).toBe(`'${value}`);
    }
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
    const line = parseCsv(csvLine(record({ actor: '=cmd|" /C calc"!A0' })))[0];
    expect(line?.[EXPORT_COLUMNS.indexOf('actor')]).toBe('\'=cmd|" /C calc"!A0');
  });

  it('JSONL is one object per line with every column, whatever the payload holds', () => {
    const r = record({ payload: { text: 'line one\nline two', nested: { a: [1, 2] } } });
    const line = jsonLine(r);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(r);
    expect(Object.keys(JSON.parse(line))).toEqual([...EXPORT_COLUMNS]);
  });
});
