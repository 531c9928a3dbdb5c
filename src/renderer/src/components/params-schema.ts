import type { JsonObject } from '../../../shared/schemas/common';

/**
 * An action's params as simple form fields, read from its JSON Schema (what listActions sends). Only what the
 * runbook's params use is rendered: strings, numbers, integers, booleans, enums and arrays of strings (typed as a
 * comma or line separated list). Anything else is `other`: the form says to use the CLI or the API for it.
 */
export type ParamKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'other';

export interface ParamField {
  name: string;
  kind: ParamKind;
  required: boolean;
  description: string | null;
  /** The choices of an enum. */
  options: string[];
}

type Schema = Record<string, unknown>;
const isSchema = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(s: Schema): ParamKind {
  if (Array.isArray(s.enum) && s.enum.every((v) => typeof v === 'string')) return 'enum';
  switch (s.type) {
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
      return s.type;
    case 'array':
      return isSchema(s.items) && s.items.type === 'string' && !Array.isArray(s.items.enum) ? 'string-list' : 'other';
    default:
      return 'other';
  }
}

export function paramFields(schema: JsonObject): ParamField[] {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).map(([name, raw]) => {
    const s = isSchema(raw) ? raw : {};
    return {
      name,
      kind: kindOf(s),
      required: required.includes(name),
      description: typeof s.description === 'string' ? s.description : null,
      options: Array.isArray(s.enum) ? s.enum.map(String) : [],
    };
  });
}

/** The text a field shows for a value already in the params (e.g. the job ids the Dead letters screen selected). */
export function fieldText(field: ParamField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.kind === 'string-list' && Array.isArray(value)) return value.join('\n');
  return String(value);
}

/**
 * The params from the fields' texts: an empty field is left out (the action's default applies), a list is split
 * on commas and new lines, a number must be one. The engine validates the rest and answers in its own words.
 */
export function paramsFromTexts(fields: readonly ParamField[], texts: Readonly<Record<string, string>>): { params: JsonObject; errors: Record<string, string> } {
  const params: JsonObject = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = (texts[f.name] ?? '').trim();
    if (text === '' || f.kind === 'other') {
      if (f.required) errors[f.name] = 'required';
      continue;
    }
    switch (f.kind) {
      case 'string-list':
        params[f.name] = text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s !== '');
        break;
      case 'number':
      case 'integer': {
        const n = Number(text);
        if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) errors[f.name] = f.kind === 'integer' ? 'a whole number' : 'a number';
        else params[f.name] = n;
        break;
      }
      case 'boolean':
        params[f.name] = text === 'true';
        break;
      default:
        params[f.name] = text;
    }
  }
  return { params, errors };
}
