/**
 * Nonces of signed requests already seen (app.md §9). The database only
 * checks the time window, so without this a captured request could be
 * replayed until its window closes. The memory is per process: replicas
 * behind one balancer each keep their own, which narrows replays to a
 * different replica within the same window.
 */
export class NonceCache {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  /** @param ttlMs how long a nonce is remembered: the longest window plus the allowed clock lead. */
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `true` the first time a (session, nonce) pair is offered within the TTL. */
  claim(session: string, nonce: string): boolean {
    const now = this.now();
    if (now - this.lastSweep > this.ttlMs) this.sweep(now);
    const key = `${session}\u0000${nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, now + this.ttlMs);
    return true;
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}
