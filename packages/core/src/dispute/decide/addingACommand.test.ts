import { allowedRoles } from '../commandRoles';
import { commandTypes, type CommandType } from '../commands';
import { deadlineKinds, type DeadlineKind } from '../vocabulary';
import type { DeadlineDurations } from '../../policy/policy';
import { expiryConsequences, type ExpiryConsequence } from './deadlines';
import { describeCommand } from './envelope';
import { commandHandlers } from './handlers';
import { deadlineDurationField } from './timing';

// This file is compiled by `pnpm run typecheck` (tsc -b): each `@ts-expect-error` below must be a real
// compile error, or the type check fails. It stands for docs/guides/adding-a-command.md: a command
// type or deadline kind that a table does not name does not compile. The extended unions play the
// new member; the guide lists the errors seen when one was added for real.

/** A command type added to `commandCodecs` but not yet to the tables. */
type WithNewCommand = CommandType | 'PauseDispute';
/** A deadline kind added to `DeadlineKind` but not yet to the tables. */
type WithNewDeadlineKind = DeadlineKind | 'PAUSE_EXPIRY';

describe('adding a command type or a deadline kind (docs/guides/adding-a-command.md)', () => {
  it('every per-command table names every command type, and nothing else', () => {
    expect(Object.keys(allowedRoles).sort()).toEqual([...commandTypes].sort());
    expect(Object.keys(commandHandlers).sort()).toEqual(commandTypes.filter((type) => type !== 'OpenDispute').sort());
    for (const type of commandTypes) expect(describeCommand(type)).toMatch(/^[a-z]/);
  });

  it('every per-kind table names every deadline kind, and nothing else', () => {
    const kinds = [...deadlineKinds].sort();
    // REPRESENTMENT runs to the chargeback's dueBy, which the card network sets, not the policy.
    expect(Object.keys(deadlineDurationField).sort()).toEqual(kinds.filter((kind) => kind !== 'REPRESENTMENT'));
    expect(Object.keys(expiryConsequences).sort()).toEqual(kinds);
  });

  it('a table that does not name a new command type does not compile', () => {
    // @ts-expect-error the roles table has no entry for PauseDispute
    const roles: { readonly [K in WithNewCommand]: ReadonlyArray<string> } = allowedRoles;
    // @ts-expect-error the handler table has no entry for PauseDispute
    const handlers: { readonly [K in Exclude<WithNewCommand, 'OpenDispute'>]: unknown } = commandHandlers;
    expect([roles, handlers]).toHaveLength(2);
  });

  it('a table that does not name a new deadline kind does not compile', () => {
    // @ts-expect-error the duration table has no entry for PAUSE_EXPIRY
    const durations: { readonly [K in Exclude<WithNewDeadlineKind, 'REPRESENTMENT'>]: keyof DeadlineDurations } = deadlineDurationField;
    // @ts-expect-error the expiry table has no entry for PAUSE_EXPIRY
    const consequences: { readonly [K in WithNewDeadlineKind]: ExpiryConsequence } = expiryConsequences;
    expect([durations, consequences]).toHaveLength(2);
  });
});
