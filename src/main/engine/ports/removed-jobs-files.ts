import type { RemovedJob, RemovedJobsKind } from '../../../shared/schemas/removed-jobs';

/**
 * Where jobs taken off the queue are kept so they can be put back: one file per purge or discard, in the data dir
 * of the process that ran it. A file is complete or absent, and is restored at most once.
 */
export interface RemovedJobsFiles {
  /** Writes the jobs to a new file (durable before this returns) and returns its bare name. */
  write(kind: RemovedJobsKind, workspaceId: string, jobs: RemovedJob[], at: number): Promise<string>;
  /**
   * The jobs of a file not restored yet, all of the workspace. Throws bad_request for a name, size, content or
   * workspace that is not such a file's, not_found when there is none, conflict when it was restored already.
   */
  read(name: string, workspaceId: string): Promise<RemovedJob[]>;
  /** Marks the file restored before its jobs are put back; conflict when another restore took it first. */
  markRestored(name: string): Promise<void>;
}
