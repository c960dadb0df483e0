/**
 * A process that can be killed at one chosen step (test support). Every call the process makes to
 * something outside it — the event store, the read-side store, the payout service, the payment
 * gateway — is two steps: just before the call leaves, and just after its answer comes back. Killed
 * at a step, the process makes no further call at all (every later call rejects with `Killed`), as
 * after a SIGKILL: a step "before" means the call never happened, a step "after" means it happened
 * and its answer was lost.
 */
export interface CrashPoints {
  /** Wraps every method of `target` that returns a promise, naming its steps `{name}.{method}:before|after`. */
  wrap<T extends object>(name: string, target: T): T;
  /** The steps taken so far, in order. */
  readonly steps: ReadonlyArray<string>;
  /** The step the process was killed at, if it was. */
  readonly killedAt: string | undefined;
}

/** The rejection every call gets once the process is killed. */
export class Killed extends Error {
  constructor(readonly step: string) {
    super(`process killed at ${step}`);
  }
}

/**
 * Where to kill: the `occurrence`th time (1-based) the process reaches the step `label`. Named by
 * label rather than by position, so that a kill planned from one run strikes the same step in
 * another even when concurrent calls (the projections catch up side by side) interleave differently.
 */
export interface KillPoint {
  readonly label: string;
  readonly occurrence: number;
}

/** A process killed at `killAt`, or never when it is undefined. */
export const crashPoints = (killAt: KillPoint | undefined): CrashPoints => {
  const steps: string[] = [];
  const seen = new Map<string, number>();
  let killedAt: string | undefined;
  const step = (label: string): void => {
    if (killedAt !== undefined) throw new Killed(killedAt);
    steps.push(label);
    const occurrence = (seen.get(label) ?? 0) + 1;
    seen.set(label, occurrence);
    if (killAt !== undefined && label === killAt.label && occurrence === killAt.occurrence) {
      killedAt = label;
      throw new Killed(label);
    }
  };
  return {
    wrap: <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        get(object, property, receiver) {
          const value: unknown = Reflect.get(object, property, receiver);
          // Fields, and followAll (a synchronous method answering an iterable), pass through untouched.
          if (typeof value !== 'function' || typeof property !== 'string' || property === 'followAll') return value;
          return (...args: unknown[]): Promise<unknown> => {
            const label = `${name}.${property}`;
            try {
              step(`${label}:before`);
            } catch (error) {
              return Promise.reject(error);
            }
            return Promise.resolve((value as (...a: unknown[]) => unknown).apply(object, args)).then((answer) => {
              step(`${label}:after`);
              return answer;
            });
          };
        },
      }),
    get steps() {
      return steps;
    },
    get killedAt() {
      return killedAt;
    },
  };
};
