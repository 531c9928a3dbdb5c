import { AppError } from '../../../../shared/errors';
import type { KeyValue, KvReads } from '../../ports/key-value';
import { writeSwitch } from './kv-switch';

/** In the shared KeyValue, so every API process (production mode runs several) refuses or accepts alike. */
const KEY = 'runbook:intake';

/** How long a refused client is told to wait before it tries again. */
export const INTAKE_RETRY_AFTER_S = 30;

export interface IntakeSwitch {
  paused: boolean;
  by: string;
  reason: string;
  at: number;
}

/** The pause in force, or null when intake is open. */
export async function intakePause(kv: KvReads): Promise<IntakeSwitch | null> {
  const stored = (await kv.get<IntakeSwitch>(KEY))?.value;
  return stored?.paused ? stored : null;
}

export async function setIntakePaused(kv: KeyValue, value: IntakeSwitch): Promise<void> {
  await writeSwitch(kv, KEY, value);
}

/** Refuses a submission while intake is paused: 503 with Retry-After, saying who paused it and why. */
export async function assertIntakeOpen(kv: KvReads): Promise<void> {
  const pause = await intakePause(kv);
  if (!pause) return;
  throw new AppError(
    'intake_paused',
    `intake is paused (by ${pause.by} at ${new Date(pause.at).toISOString()}: ${pause.reason}); no new decision is accepted until resume-intake. Try again later.`,
    { retry_after_s: INTAKE_RETRY_AFTER_S, paused_by: pause.by, paused_at: new Date(pause.at).toISOString() },
  );
}
