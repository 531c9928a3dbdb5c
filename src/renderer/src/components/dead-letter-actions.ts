import type { ActionInfo } from '../../../shared/schemas/runbook';
import { paramFields } from './params-schema';

/**
 * The registered actions the Dead letters screen offers on its selection: those about dead letters whose params
 * take the selected `job_ids`. Read from listActions at run time, so an action added later (discard, ...) gets its
 * button without this screen knowing its name.
 */
export function deadLetterActions(actions: readonly ActionInfo[]): ActionInfo[] {
  return actions.filter((a) => a.id.endsWith('-dead-letters') && paramFields(a.params_schema).some((f) => f.name === 'job_ids' && f.kind === 'string-list'));
}
