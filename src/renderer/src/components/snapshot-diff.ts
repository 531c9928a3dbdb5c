export type Change = 'added' | 'removed' | 'changed';

/** Flattens JSON to key paths: { a: { b: [1] } } -> { 'a.b[0]': 1 }. Empty objects and arrays are leaves. */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix !== '') {
    out[prefix] = value; // an empty root has no paths at all
  }
  return out;
}

/** What changed from one step's snapshot to the next, by key path. */
export function diffSnapshots(previous: unknown, current: unknown): Map<string, Change> {
  const before = flatten(previous ?? {});
  const after = flatten(current ?? {});
  const changes = new Map<string, Change>();
  for (const [path, value] of Object.entries(after)) {
    if (!(path in before)) changes.set(path, 'added');
    else if (JSON.stringify(before[path]) !== JSON.stringify(value)) changes.set(path, 'changed');
  }
  for (const path of Object.keys(before)) if (!(path in after)) changes.set(path, 'removed');
  return changes;
}
