import type { DisputeEvent } from '../dispute/events';
import { evolve } from '../dispute/evolve';
import { initialState, type DisputeState } from '../dispute/state';
import type { Actor, Deadline, DeadlineKind, Party } from '../dispute/vocabulary';

/** How a deadline ended, or that it had not when the history ends. */
export type DeadlineEnd =
  /** It passed and the scheduler fired it: `DeadlineExpired` at `version`, then `consequences` in the same command. */
  | {
      readonly how: 'EXPIRED';
      readonly version: number;
      /** When it was fired (the instant of the `ExpireDeadline` command). */
      readonly at: string;
      /** Who fired it (the system actor of the scheduler). */
      readonly by: Actor;
      /** The types of the events its expiry caused, in order. */
      readonly consequences: ReadonlyArray<string>;
    }
  /** Something happened in time: the event at `version` stopped or replaced it. */
  | { readonly how: 'STOPPED'; readonly version: number; readonly at: string; readonly by: Actor; readonly stoppedBy: string }
  /** Still running at the end of the history; `overdue` when its due time had passed by then. */
  | { readonly how: 'RUNNING'; readonly overdue: boolean };

/** One deadline of a dispute: when it started, when it was due, and how it ended. */
export interface DeadlineRecord {
  readonly kind: DeadlineKind;
  readonly party?: Party;
  readonly dueAt: string;
  /** The version and type of the event that started it, and when. */
  readonly startedBy: { readonly version: number; readonly type: string; readonly at: string };
  readonly end: DeadlineEnd;
}

const key = (d: Deadline): string => `${d.kind}/${d.party ?? '-'}/${d.dueAt}`;
const running = (state: DisputeState): ReadonlyArray<Deadline> => (state.status === 'NONE' ? [] : state.deadlines);

/**
 * Every deadline of a history and what became of it, from the running deadlines of the state folded
 * after each event: a deadline that appears was started by that event; one that disappears was
 * fired (the event is its `DeadlineExpired`) or stopped by that event. `until` (an instant, default
 * the last event's) decides whether a deadline still running is overdue. Pure.
 */
export const deadlinesOf = (history: ReadonlyArray<{ readonly version: number; readonly event: DisputeEvent }>, until?: string): ReadonlyArray<DeadlineRecord> => {
  const records: Array<{ deadline: Deadline; startedBy: DeadlineRecord['startedBy']; end?: DeadlineEnd }> = [];
  const open = new Map<string, number>();
  let state: DisputeState = initialState;
  history.forEach(({ version, event }, index) => {
    const before = running(state);
    state = evolve(state, event);
    const after = running(state);
    const afterKeys = new Set(after.map(key));
    for (const deadline of before) {
      const k = key(deadline);
      if (afterKeys.has(k)) continue;
      const at = open.get(k);
      open.delete(k);
      if (at === undefined) continue;
      const expired = event.type === 'DeadlineExpired' && event.data.kind === deadline.kind && event.data.dueAt === deadline.dueAt;
      if (expired) {
        const consequences: string[] = [];
        for (let next = index + 1; next < history.length && history[next]!.event.data.commandId === event.data.commandId; next++) {
          consequences.push(history[next]!.event.type);
        }
        records[at]!.end = { how: 'EXPIRED', version, at: event.data.at, by: event.data.by, consequences };
      } else {
        records[at]!.end = { how: 'STOPPED', version, at: event.data.at, by: event.data.by, stoppedBy: event.type };
      }
    }
    const beforeKeys = new Set(before.map(key));
    for (const deadline of after) {
      const k = key(deadline);
      if (beforeKeys.has(k)) continue;
      open.set(k, records.length);
      records.push({ deadline, startedBy: { version, type: event.type, at: event.data.at } });
    }
  });
  const last = history[history.length - 1]?.event.data.at;
  const endMillis = Date.parse(until ?? last ?? '');
  return records.map(({ deadline, startedBy, end }) => ({
    kind: deadline.kind,
    ...(deadline.party === undefined ? {} : { party: deadline.party }),
    dueAt: deadline.dueAt,
    startedBy,
    end: end ?? { how: 'RUNNING', overdue: Number.isFinite(endMillis) && Date.parse(deadline.dueAt) <= endMillis },
  }));
};
