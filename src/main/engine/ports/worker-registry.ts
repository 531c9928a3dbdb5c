/** What a worker process says about itself when it beats. */
export interface WorkerInfo {
  /** The worker's owner id: the name its queue leases are taken under. */
  owner: string;
  host: string;
  pid: number;
  concurrency: number;
  startedAt: number;
}

export interface LiveWorker extends WorkerInfo {
  lastBeatAt: number;
}

/**
 * Which worker processes are alive, across every process that shares the registry: each worker beats
 * periodically (well inside the registry's TTL), and a worker is listed while its last beat is younger than the TTL.
 * `/ready` and `/api/queue` read it.
 */
export interface WorkerRegistry {
  /** Records (or refreshes) this worker as alive now. */
  beat(info: WorkerInfo): Promise<void>;
  /** The live workers, by owner. */
  list(): Promise<LiveWorker[]>;
}
