/**
 * Waits `ms` milliseconds, or less if `signal` aborts first. One listener per wait, removed when the
 * wait ends either way, so a loop that waits many times never piles listeners up on the signal.
 */
export const abortableDelay = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise<void>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** A reactor's loop: `tick`, then wait `intervalMs`, until `signal` aborts (checked after every tick and wait). */
export const runUntilAborted = async (tick: () => Promise<unknown>, signal: AbortSignal, intervalMs: number): Promise<void> => {
  while (!signal.aborted) {
    await tick();
    if (signal.aborted) break;
    await abortableDelay(intervalMs, signal);
  }
};
