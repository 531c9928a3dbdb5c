/**
 * A named lease that one process holds at a time (the alert engine's leader: only one process evaluates rules
 * and sends notifications). A holder that stops renewing loses it when the lease runs out.
 */
export interface Lock {
  /** Takes the lease, or renews it when `owner` holds it, for `ttlMs`. True when `owner` holds it now. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up; false when `owner` did not hold it (it expired, or another took it). */
  release(name: string, owner: string): Promise<boolean>;
}
