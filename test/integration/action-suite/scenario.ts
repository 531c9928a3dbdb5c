import type { ActionPreview, ActionRunResult } from '../../../src/shared/schemas/runbook';

export type SuiteBackend = 'sqlite' | 'production';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scenarios read response JSON loosely; the contract types it
export type Json = any;

/** A running engine the suite drives over HTTP, as an operator's client would: embedded SQLite, or Postgres + Redis. */
export interface SuiteTarget {
  backend: SuiteBackend;
  /** The API's base URL and an admin key of the `default` workspace (every scope, `system` included). */
  url: string;
  key: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: object, key?: string): Promise<{ status: number; body: Json }>;
  /** POST /api/decisions (expects 202) and returns the body. */
  submit(body: object): Promise<Json>;
  /** Polls the decision until it is no longer queued or processing, and returns it. */
  settled(decisionId: string): Promise<Json>;
  /** An id no other scenario or run uses (task ids, customer ids). */
  unique(prefix: string): string;
  /** A key of the `default` workspace (or another) with just these scopes. */
  keyFor(scopes: string[], workspaceId?: string): Promise<string>;
  /**
   * Submits `count` decisions whose signals fail (a poisoned input the suite's signal source refuses), waits until
   * each is dead-lettered, and returns their job ids.
   */
  deadLetters(count: number): Promise<string[]>;
  /** The name of an integration the engine is configured with (its vendor is never called: only its breaker). */
  integration: string;
  /** The bodies the alert webhook received so far (the suite's engine posts to a recorder, not the network). */
  webhookBodies(): unknown[];
  /** Previews and runs an action as the UI does (pinned params, typed confirmation): for arranging and cleaning up. */
  action(id: string, params?: Record<string, unknown>): Promise<{ preview: ActionPreview; result: ActionRunResult }>;
  /** The engine's data dir (files an action writes: backups, purged jobs). */
  dataDir: string;
}

/**
 * How the suite proves one action on every backend: arrange a state with something to touch, preview, run with the
 * preview's pinned params and typed confirmation, then check the run touched exactly what the preview listed.
 * One file per action, `<action-id>.scenario.ts`, default-exporting this; the suite fails for an action without one.
 */
export interface ActionScenario {
  /** The registered action id. */
  action: string;
  /** Makes something for the action to touch (several things where the action takes many); returns the preview's params. */
  arrange(t: SuiteTarget): Promise<Record<string, unknown>>;
  /**
   * After the run: asserts through the API that what the preview listed (its ids and counts) changed as the action
   * says, and that nothing else did (the arrange step leaves at least one thing the preview did not list where it can).
   */
  verify(t: SuiteTarget, preview: ActionPreview, result: ActionRunResult): Promise<void>;
  /** Puts the engine back as the suite found it (usually the result's undo), so the next scenario starts clean. */
  cleanup?(t: SuiteTarget, result: ActionRunResult): Promise<void>;
}
