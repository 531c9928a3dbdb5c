import type { IntegrationConfig } from '../../../shared/schemas/integrations';

/** One call to an integration: resolves with its JSON object answer, or throws IntegrationCallError. */
export type IntegrationClient = (integration: IntegrationConfig, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
