import { z } from 'zod';
import { ENTITY_KINDS } from '../entities';
import { Cursor, ExternalId, IsoTimestamp, Limit } from './common';
import { DecisionStatus, DecisionView } from './decision';

export const EntityKind = z.enum(ENTITY_KINDS);

export const GetEntityInput = z.strictObject({
  entity_id: ExternalId,
  /** Only the decisions naming the id as this kind; without it, every kind the id appears as. */
  kind: EntityKind.optional(),
  cursor: Cursor.optional(),
  limit: Limit(50, 500),
});
export type GetEntityInput = z.infer<typeof GetEntityInput>;

export const EntityFindingCount = z.object({ code: z.string(), decisions: z.number().int() });

/**
 * An affiliate's trust from its reconciliation history (signals.affiliate_trust_score and its parts), as its newest
 * judged reconciliation decision computed it: the share of its last 50 reports that were neither overclaimed (ratio
 * over 0.1) nor missing.
 */
export const AffiliateTrust = z.object({
  score: z.number(),
  overclaimed_share: z.number(),
  missing_share: z.number(),
  /** How many reports the score rests on (at most 50). */
  reports: z.number().int(),
  /** The decision whose signals these are, and when it was judged. */
  decision_id: z.string(),
  as_of: IsoTimestamp,
});
export type AffiliateTrust = z.infer<typeof AffiliateTrust>;

/**
 * One customer, merchant, affiliate or agent in the caller's workspace: every decision naming it. An id no decision
 * names is an answer too (zero counts, no kinds), not a 404: "nothing about this id yet" is what the page shows.
 */
export const EntityView = z.object({
  entity_id: z.string(),
  /** The filter the counts and the list were read with, or null for every kind. */
  kind: EntityKind.nullable(),
  /** Every kind the id appears as in this workspace, whatever the filter. */
  found_as: z.array(EntityKind),
  decisions: z.number().int(),
  tasks: z.number().int(),
  by_status: z.record(DecisionStatus, z.number().int()),
  /** Finding codes by the number of decisions that have them, most first (at most 10). */
  top_findings: z.array(EntityFindingCount),
  first_seen: IsoTimestamp.nullable(),
  last_seen: IsoTimestamp.nullable(),
  /** The id's trust as an affiliate; null when it is not read as one or no reconciliation naming it is judged yet. */
  affiliate_trust: AffiliateTrust.nullable(),
  /** The decisions, newest first, cursor-paged. */
  items: z.array(DecisionView),
  next_cursor: z.string().nullable(),
});
export type EntityView = z.infer<typeof EntityView>;
