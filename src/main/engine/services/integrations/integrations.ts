import type { DecisionType, Finding, Signals } from '../../../../shared/schemas/decision';
import type { JsonObject } from '../../../../shared/schemas/common';
import type { IntegrationConfig } from '../../../../shared/schemas/integrations';
import type { IntegrationClient } from '../../ports/integration-client';
import { IntegrationCallError, signalsFromAnswer, unavailableFinding, type IntegrationCallOutcome, type MissingReason } from '../../domain/integration-signals';
import { BreakerOpenError, type Breakers } from './breakers';
import type { TraceSpan, Tracing } from '../../ports/tracing';

export interface IntegrationLookupRequest {
  workspaceId: string;
  decisionType: DecisionType;
  inputs: JsonObject;
  /** Where each integration call's span goes (a child of `parent`), when the decision is traced. */
  trace?: { tracing: Tracing; parent: TraceSpan };
}

export interface IntegrationLookupResult {
  signals: Signals;
  findings: Finding[];
}

export type IntegrationCallListener = (integration: string, outcome: IntegrationCallOutcome, seconds: number) => void;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The external part of a decision's signals: every integration that applies to the decision type is asked in
 * parallel, each call through its circuit breaker, retried with exponential backoff. An integration that gives
 * no answer leaves `<name>_available: false` and an `integration_unavailable` finding with its missing_reason.
 */
export class IntegrationLookups {
  constructor(
    private readonly integrations: readonly IntegrationConfig[],
    private readonly breakers: Breakers,
    private readonly client: IntegrationClient,
    private readonly onCall: IntegrationCallListener = () => undefined,
    private readonly sleep: (ms: number) => Promise<void> = sleepFor,
  ) {}

  async lookup(request: IntegrationLookupRequest): Promise<IntegrationLookupResult> {
    const applicable = this.integrations.filter((i) => i.applies_to.includes(request.decisionType));
    if (applicable.length === 0) return { signals: {}, findings: [] };
    const results = await Promise.all(applicable.map((i) => (request.trace ? this.traced(i, request, request.trace) : this.ask(i, request))));
    return {
      signals: Object.assign({}, ...results.map((r) => r.signals)) as Signals,
      findings: results.flatMap((r) => r.findings),
    };
  }

  /** One integration's call as an `integration.call` span: its name, and whether it answered (and why not). */
  private async traced(integration: IntegrationConfig, request: IntegrationLookupRequest, trace: NonNullable<IntegrationLookupRequest['trace']>): Promise<IntegrationLookupResult> {
    const span = trace.tracing.startSpan('integration.call', { parent: trace.parent, attributes: { 'integration.name': integration.name } });
    try {
      const result = await this.ask(integration, request);
      const missing = result.findings[0];
      span.setAttributes({ 'integration.available': !missing, ...(missing ? { 'integration.missing_reason': missing.missing_reason ?? missing.code } : {}) });
      return result;
    } catch (error) {
      span.fail(error);
      throw error;
    } finally {
      span.end();
    }
  }

  private async ask(integration: IntegrationConfig, request: IntegrationLookupRequest): Promise<IntegrationLookupResult> {
    const body = { decision_type: request.decisionType, workspace_id: request.workspaceId, inputs: request.inputs };
    let last: { reason: MissingReason; message: string } = { reason: 'fetch_error', message: 'not called' };
    for (let attempt = 0; attempt <= integration.retries; attempt += 1) {
      if (attempt > 0) await this.sleep(integration.retry_backoff_ms * 2 ** (attempt - 1));
      const started = performance.now();
      try {
        const answer = await this.breakers.call(integration.name, () => this.client(integration, body));
        this.onCall(integration.name, 'ok', (performance.now() - started) / 1000);
        return { signals: signalsFromAnswer(integration.name, answer), findings: [] };
      } catch (error) {
        if (error instanceof BreakerOpenError) {
          this.onCall(integration.name, 'rejected', 0);
          return this.unavailable(integration, 'circuit_open', error.message);
        }
        this.onCall(integration.name, 'error', (performance.now() - started) / 1000);
        last = error instanceof IntegrationCallError ? { reason: error.reason, message: error.message } : { reason: 'fetch_error', message: String(error) };
      }
    }
    const attempts = integration.retries + 1;
    return this.unavailable(integration, last.reason, `${last.message} (${attempts} attempt${attempts > 1 ? 's' : ''})`);
  }

  private unavailable(integration: IntegrationConfig, reason: MissingReason, detail: string): IntegrationLookupResult {
    return { signals: { [`${integration.name}_available`]: false }, findings: [unavailableFinding(integration, reason, detail)] };
  }
}
