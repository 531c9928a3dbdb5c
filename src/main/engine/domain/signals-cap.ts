import type { Signals } from '../../../shared/schemas/decision';

/** Set when any signal was dropped, so a reader knows the row is not everything that was computed. */
export const SIGNALS_TRUNCATED = 'signals_truncated';

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value)).byteLength;
/** `"key":value,` inside the object. */
const entryBytes = (key: string, value: unknown) => jsonBytes(key) + 1 + jsonBytes(value) + 1;

export interface CappedSignals {
  signals: Signals;
  /** The signals that were dropped, in their original order. */
  dropped: string[];
}

/**
 * Keeps a decision's signals within `maxBytes` of JSON: they are written with the decision and with each audit
 * event, so one huge value would grow every row and every trace. When over, the smallest values are kept first
 * (scores, flags and counts, which rules read) and each dropped one leaves `<signal>_truncated: true` while room
 * remains, plus `signals_truncated: true`. The order of what is kept does not change.
 */
export function capSignals(signals: Signals, maxBytes: number): CappedSignals {
  if (jsonBytes(signals) <= maxBytes) return { signals, dropped: [] };
  const entries = Object.entries(signals).filter(([key]) => key !== SIGNALS_TRUNCATED);
  const bySize = entries
    .map(([key, value], index) => ({ key, index, bytes: entryBytes(key, value) }))
    .sort((a, b) => a.bytes - b.bytes || a.index - b.index);
  let used = 2 + entryBytes(SIGNALS_TRUNCATED, true); // the braces and the overall marker
  const kept = new Set<string>();
  for (const e of bySize) {
    if (used + e.bytes > maxBytes) continue;
    kept.add(e.key);
    used += e.bytes;
  }
  const marked = new Set<string>();
  for (const e of bySize) {
    if (kept.has(e.key)) continue;
    const bytes = entryBytes(`${e.key}_truncated`, true);
    if (used + bytes > maxBytes) continue;
    marked.add(e.key);
    used += bytes;
  }
  const out: Signals = {};
  for (const [key, value] of entries) {
    if (kept.has(key)) out[key] = value;
    else if (marked.has(key)) out[`${key}_truncated`] = true;
  }
  out[SIGNALS_TRUNCATED] = true;
  return { signals: out, dropped: entries.map(([key]) => key).filter((key) => !kept.has(key)) };
}
