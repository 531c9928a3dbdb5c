import type { Transaction } from 'better-sqlite3';
import type { Db } from './database';

interface Pending<I, O> {
  input: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

const MAX_GROUP = 512;

/**
 * Group commit: calls that arrive in the same event-loop turn share one transaction. A commit writes every
 * b-tree page it touched to the WAL, so one commit per submission spends most of its time writing the same
 * index pages again; one commit per turn writes them once. Each call still runs in its own savepoint
 * (better-sqlite3 nests `transaction()` as SAVEPOINT), so one refused call does not undo the others. A call
 * resolves only after the shared commit, so nothing is acknowledged before it is durable in the WAL.
 */
export function groupCommit<I, O>(db: Db, one: Transaction<(input: I) => O>): (input: I) => Promise<O> {
  let pending: Pending<I, O>[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const group = pending;
    pending = [];
    const outcomes: ({ ok: true; value: O } | { ok: false; error: unknown })[] = [];
    try {
      db.transaction(() => {
        for (const call of group) {
          try {
            outcomes.push({ ok: true, value: one(call.input) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const call of group) call.reject(error); // the commit itself failed: nothing of the group is written
      return;
    }
    group.forEach((call, i) => {
      const outcome = outcomes[i] as (typeof outcomes)[number];
      if (outcome.ok) call.resolve(outcome.value);
      else call.reject(outcome.error);
    });
  };

  return (input) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ input, resolve, reject });
      if (pending.length >= MAX_GROUP) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
