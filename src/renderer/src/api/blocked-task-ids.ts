import { api } from './transport';

/** Every blocked task the list matches, across all its pages: what "select all N matching" selects. */
export async function allBlockedTaskIds(reason: string | undefined): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listTasks({ status: 'BLOCKED', limit: 500, ...(reason ? { reason_code: reason } : {}), ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((t) => t.task_id));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return ids;
}
