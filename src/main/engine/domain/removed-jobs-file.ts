import { AppError } from '../../../shared/errors';
import { REMOVED_JOBS_FORMAT, RemovedJob, RemovedJobsHeader, type RemovedJobsKind } from '../../../shared/schemas/removed-jobs';

/** The file's text: the header line, then one line per job, each line ended by a newline (the last one too). */
export function formatRemovedJobs(kind: RemovedJobsKind, workspaceId: string, jobs: readonly RemovedJob[], at: number): string {
  const header: RemovedJobsHeader = { format: REMOVED_JOBS_FORMAT, kind, workspace_id: workspaceId, jobs: jobs.length, created_at: new Date(at).toISOString() };
  return [header, ...jobs].map((line) => `${JSON.stringify(line)}\n`).join('');
}

function parseLine(name: string, line: string, n: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new AppError('bad_request', `${name} is corrupt: line ${n} is not JSON; nothing was restored`);
  }
}

/**
 * The jobs of a file as `formatRemovedJobs` wrote it, for the caller's workspace. Anything else (an incomplete last
 * line, a line that is not a job, fewer or more jobs than the header counts, another workspace's job) refuses the
 * whole file: a restore puts back all of a file's jobs or none.
 */
export function parseRemovedJobs(name: string, text: string, workspaceId: string): RemovedJob[] {
  if (!text.endsWith('\n')) throw new AppError('bad_request', `${name} is truncated: its last line is incomplete; nothing was restored`);
  const lines = text.slice(0, -1).split('\n');
  const header = RemovedJobsHeader.safeParse(parseLine(name, lines[0] ?? '', 1));
  if (!header.success) throw new AppError('bad_request', `${name} is not a file of removed jobs: its first line is not the header; nothing was restored`);
  if (header.data.workspace_id !== workspaceId) throw new AppError('bad_request', `${name} holds jobs of another workspace; nothing was restored`);
  if (lines.length - 1 !== header.data.jobs) {
    throw new AppError('bad_request', `${name} is truncated or altered: its header counts ${header.data.jobs} job(s), it holds ${lines.length - 1}; nothing was restored`);
  }
  const seen = new Set<string>();
  return lines.slice(1).map((line, i) => {
    const job = RemovedJob.safeParse(parseLine(name, line, i + 2));
    if (!job.success || job.data.kind !== header.data.kind || job.data.workspace_id !== workspaceId || seen.has(job.data.job_id)) {
      throw new AppError('bad_request', `${name} is corrupt: line ${i + 2} is not a job of this file; nothing was restored`);
    }
    seen.add(job.data.job_id);
    return job.data;
  });
}
