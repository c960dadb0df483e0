import type { Deadline, DeadlineKind, Party } from './vocabulary';

type Slot = { readonly kind: DeadlineKind; readonly party?: Party | undefined };

/** True when two deadlines are the same slot: same kind and, for evidence requests, same party. */
export const sameDeadlineSlot = (a: Slot, b: Slot): boolean =>
  a.kind === b.kind && a.party === b.party;

/** The running deadlines without those of the given kinds. */
export const stopDeadlines = (running: ReadonlyArray<Deadline>, kinds: ReadonlyArray<DeadlineKind>): ReadonlyArray<Deadline> =>
  kinds.length === 0 ? running : running.filter((d) => !kinds.includes(d.kind));

/** The running deadlines with `started` added, each replacing a running one of the same slot. */
export const startDeadlines = (running: ReadonlyArray<Deadline>, started: ReadonlyArray<Deadline>): ReadonlyArray<Deadline> =>
  started.length === 0
    ? running
    : [...running.filter((d) => !started.some((s) => sameDeadlineSlot(s, d))), ...started];

/** The running deadlines without the one of this slot. */
export const stopDeadlineSlot = (
  running: ReadonlyArray<Deadline>,
  kind: DeadlineKind,
  party: Party | undefined,
): ReadonlyArray<Deadline> => running.filter((d) => !sameDeadlineSlot(d, { kind, party }));
