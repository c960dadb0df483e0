/**
 * Wakes followers when the log may have grown. A follower notes `epoch` before it reads, then
 * `wait`s for a change after that epoch; a change that happened while it was reading wakes it at
 * once, so no notification is ever lost between a read and a wait.
 */
export class ChangeNotifier {
  private current = 0;
  private closed = false;
  private readonly waiters = new Set<() => void>();

  /** Grows by one on every notification. */
  get epoch(): number {
    return this.current;
  }

  /** Announces a change (an append committed) to every waiting follower. */
  notify(): void {
    this.current += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Wakes every follower for good: the store is closing. */
  close(): void {
    this.closed = true;
    this.notify();
  }

  /**
   * Resolves when a change happened after `sinceEpoch`, when `timeoutMs` passes (undefined: never),
   * when `signal` aborts, or when the notifier closes; whichever comes first.
   */
  wait(sinceEpoch: number, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    if (this.closed || this.current !== sinceEpoch || signal?.aborted === true) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (): void => {
        this.waiters.delete(done);
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
