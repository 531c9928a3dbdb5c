import type { DecisionType } from './schemas/decision';

export const ENTITY_KINDS = ['customer', 'merchant', 'affiliate', 'agent'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * The one table of which input fields name an entity, per decision type. The submit path, the migration's
 * backfill, the entity read and the renderer's id links all read it; a new entity field is one entry here.
 */
export const ENTITY_FIELDS = {
  payment_fraud_check: { customer_id: 'customer', merchant_id: 'merchant' },
  reconciliation: { affiliate_id: 'affiliate' },
  agent_tool_call: { agent_id: 'agent' },
} as const satisfies Record<DecisionType, Record<string, EntityKind>>;

export interface EntityRef {
  kind: EntityKind;
  id: string;
}

/** The entity kind an input field names for a decision type, or null when the field is not an entity id. */
export function entityKindOf(decisionType: DecisionType, field: string): EntityKind | null {
  const fields: Readonly<Record<string, EntityKind>> = ENTITY_FIELDS[decisionType];
  return Object.hasOwn(fields, field) ? (fields[field] as EntityKind) : null;
}

/** The entities a decision's inputs name (a field that is absent or not a string names none). */
export function entitiesOf(decisionType: DecisionType, inputs: Readonly<Record<string, unknown>>): EntityRef[] {
  const refs: EntityRef[] = [];
  for (const [field, kind] of Object.entries(ENTITY_FIELDS[decisionType] as Readonly<Record<string, EntityKind>>)) {
    const value = inputs[field];
    if (typeof value === 'string' && value.length > 0) refs.push({ kind, id: value });
  }
  return refs;
}

/** The entity page of an id: `/entities/<id>`. */
export const entityPath = (id: string): string => `/entities/${encodeURIComponent(id)}`;
