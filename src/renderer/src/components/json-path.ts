const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The root of a JSON path, in the runbooks' form: `$.decision_snapshot.findings[0].code`. */
export const JSON_ROOT = '$';

/** A child's JSON path: `.key` for plain keys, `["odd key"]` for the rest, `[i]` for array items. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** What "copy value" puts on the clipboard: a string as its text, anything else as JSON. */
export function copyableValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
