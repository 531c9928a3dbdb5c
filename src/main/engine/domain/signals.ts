import type { DecisionType, Signals } from '../../../shared/schemas/decision';
import type { JsonObject } from '../../../shared/schemas/common';
import type { AmountObservation, SignalHistory } from './signal-history';
import { reportOutcome, trustSignals } from './affiliate-trust';

export interface SignalRequest {
  /** The decision being judged: a retry of it counts once in an affiliate's report window. */
  decisionId: string;
  workspaceId: string;
  decisionType: DecisionType;
  inputs: JsonObject;
  /** When the event happened (source_event_ts, else enqueue time), in ms. */
  eventTime: number;
}

export interface SignalEngineOptions {
  /** Tools an agent may call without review (ALLOW_ACTIONS_DEFAULT). */
  allowedActions: readonly string[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Computes a decision's signals from its inputs and from history: a rolling amount baseline per workspace and
 * type, per-subject velocity, and each affiliate's trust window (affiliate-trust.ts). Pure apart from that history,
 * which the caller hands in (in memory for one process, shared on Redis across worker processes). `risk_score` is a transparent heuristic in 0..1 shown to
 * reviewers, not a verdict: only policy rules decide.
 */
export class SignalEngine {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    options: SignalEngineOptions,
    private readonly history: SignalHistory,
  ) {
    this.allowed = new Set(options.allowedActions);
  }

  async compute(request: SignalRequest): Promise<Signals> {
    switch (request.decisionType) {
      case 'payment_fraud_check':
        return this.payment(request);
      case 'reconciliation':
        return this.reconciliation(request);
      case 'agent_tool_call':
        return this.agentToolCall(request);
    }
  }

  /** The amount's z-score against its workspace and type's baseline, taken before the amount joins it. */
  private baselineZ(request: SignalRequest, value: number): Promise<AmountObservation> {
    // Not rounded: rules compare it to thresholds (>= 3.0), and rounding would move decisions across them.
    return this.history.observeAmount(`${request.workspaceId}|${request.decisionType}`, value);
  }

  private hits(request: SignalRequest, subject: string): Promise<number> {
    return this.history.hit(`${request.workspaceId}|${request.decisionType}|${subject}`, request.eventTime);
  }

  private async payment(request: SignalRequest): Promise<Signals> {
    const { inputs } = request;
    const amount = inputs.amount as number;
    const [{ z, samples }, velocity] = await Promise.all([this.baselineZ(request, amount), this.hits(request, String(inputs.customer_id))]);
    const mismatch =
      typeof inputs.card_country === 'string' &&
      typeof inputs.ip_country === 'string' &&
      inputs.card_country !== inputs.ip_country;
    const risk = 0.05 + 0.12 * Math.max(0, z) + 0.08 * Math.max(0, velocity - 1) + (mismatch ? 0.2 : 0);
    return {
      amount,
      amount_zscore: z,
      baseline_samples: samples,
      velocity_1m: velocity,
      country_mismatch: mismatch,
      risk_score: round(clamp01(risk)),
    };
  }

  private async reconciliation(request: SignalRequest): Promise<Signals> {
    const { inputs } = request;
    const claimed = inputs.claimed_amount as number;
    const reported = inputs.reported_amount as number | null;
    const missing = reported === null;
    const discrepancy = missing ? null : round(claimed - reported);
    // Overclaim relative to what the platform reports; a claim against a zero report is fully over.
    const ratio = missing ? 0 : reported === 0 ? (claimed > 0 ? 1 : 0) : Math.max(0, claimed - reported) / reported;
    const affiliate = String(inputs.affiliate_id);
    const [{ z, samples }, velocity, trust] = await Promise.all([
      this.baselineZ(request, claimed),
      this.hits(request, affiliate),
      // Per workspace: an affiliate id names a different affiliate in another workspace.
      this.history.recordReport(`${request.workspaceId}|${affiliate}`, request.decisionId, reportOutcome(ratio, missing)),
    ]);
    return {
      claimed_amount: claimed,
      reported_amount: reported,
      discrepancy,
      overclaim_ratio: ratio,
      report_missing: missing,
      amount_zscore: z,
      baseline_samples: samples,
      velocity_1m: velocity,
      ...trustSignals(trust),
      risk_score: round(clamp01(ratio * 1.5 + (missing ? 0.3 : 0) + 0.05 * Math.max(0, z))),
    };
  }

  private async agentToolCall(request: SignalRequest): Promise<Signals> {
    const tool = String(request.inputs.tool);
    const allowed = this.allowed.has(tool);
    const velocity = await this.hits(request, String(request.inputs.agent_id));
    return {
      tool,
      tool_namespace: tool.split('.')[0] ?? tool,
      tool_allowed: allowed,
      velocity_1m: velocity,
      risk_score: round(clamp01((allowed ? 0.05 : 0.5) + 0.02 * Math.max(0, velocity - 5))),
    };
  }
}
