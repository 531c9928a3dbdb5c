import type { AffiliateTrust } from '../../../../shared/schemas/entity';
import { sqlTimeToIso } from './stored-time';

/** The newest judged reconciliation naming an affiliate, as both stores select it (signals as JSON text). */
export interface AffiliateTrustRow {
  decision_id: string;
  signals: string;
  processed_at: string;
}

/** The trust signals of that decision as the entity view shows them; null when they are not all numbers. */
export function affiliateTrustFromRow(row: AffiliateTrustRow | undefined): AffiliateTrust | null {
  if (!row) return null;
  const s = JSON.parse(row.signals) as Record<string, unknown>;
  const parts = [s.affiliate_trust_score, s.affiliate_overclaimed_share, s.affiliate_missing_share, s.affiliate_trust_reports];
  if (!parts.every((p) => typeof p === 'number')) return null;
  const [score, overclaimed, missing, reports] = parts as number[];
  return {
    score: score as number,
    overclaimed_share: overclaimed as number,
    missing_share: missing as number,
    reports: reports as number,
    decision_id: row.decision_id,
    as_of: sqlTimeToIso(row.processed_at),
  };
}

/** Only an id read as an affiliate (or as every kind) has a trust. */
export const readsAsAffiliate = (kind: string | null): boolean => kind === null || kind === 'affiliate';
