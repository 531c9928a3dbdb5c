import os from 'node:os';
import type { EngineConfig } from '../config';
import type { PipelineSettings } from '../services/deps';

/** The part of the config the pipeline's services read. */
export function pipelineSettings(config: EngineConfig): PipelineSettings {
  return {
    idempotencyTtlMs: config.idempotencyTtlMs,
    maxAttempts: config.maxAttempts,
    retryBaseDelayMs: config.retryBaseDelayMs,
    retryMaxDelayMs: config.retryMaxDelayMs,
    leaseMs: config.leaseMs,
    batchSize: config.batchSize,
    concurrency: config.workerConcurrency,
    pollIntervalMs: config.pollIntervalMs,
    allowedActions: config.allowedActions,
    outboundMaxResponseBytes: config.outboundMaxResponseBytes,
    maxSignalsBytes: config.maxSignalsBytes,
  };
}

/** The name a process's queue leases are taken under: host, pid and start time, unique across restarts. */
export function workerOwner(now: number): string {
  return `${os.hostname()}:${process.pid}:${now.toString(36)}`;
}
