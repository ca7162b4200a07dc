/** Tracks in-flight handler promises so shutdown can wait for them, with a deadline. */
export class Drain {
  readonly #pending = new Set<Promise<unknown>>();

  get size(): number {
    return this.#pending.size;
  }

  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }

  /** Resolves true when everything tracked has settled, false when the deadline came first. */
  async wait(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (this.#pending.size > 0) {
        const result = await Promise.race([Promise.all([...this.#pending]).then(() => true as const), deadline]);
        if (!result) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}
