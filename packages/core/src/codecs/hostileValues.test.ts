/*
 * Hostile values at the codecs (issue 11, defects 1, 2 and 7): every value a codec accepts must
 * be one it can read back after a store round trip, and every field is bounded.
 */
import * as E from 'fp-ts/lib/Either.js';
import { CommandId, DisputeId, Identifier, OrderId, UserId } from './ids';
import { CommandInstant, Instant } from './instant';
import { LongText, Note } from './text';
import { DisputePolicy } from '../policy/policy';
import { policies } from '../policy/presets';
import { parseCommand } from '../dispute/parse';
import { expectRight } from '../testing/either';
import { openNotReceivedJson, day } from '../testing/fixtures';


describe('instants: the range is checked after the offset is applied (defect 1)', () => {
  it('refuses an offset that moves the instant before 1970', () => {
    expect(E.isLeft(Instant.decode('1970-01-01T00:30:00+01:00'))).toBe(true);
    expect(Instant.is('1970-01-01T00:30:00+01:00')).toBe(false);
  });

  it('refuses an offset that moves the instant past the year 9999', () => {
    expect(E.isLeft(Instant.decode('9999-12-31T23:59:59-01:00'))).toBe(true);
    expect(Instant.is('9999-12-31T23:59:59-01:00')).toBe(false);
  });

  it('accepts an offset that stays inside the range, stored canonical', () => {
    expect(expectRight(Instant.decode('1970-01-01T01:30:00+01:00'))).toBe('1970-01-01T00:30:00.000Z');
    expect(expectRight(Instant.decode('9999-12-31T22:59:59-01:00'))).toBe('9999-12-31T23:59:59.000Z');
    expect(expectRight(Instant.decode('2026-03-01T00:30:00+14:00'))).toBe('2026-02-28T10:30:00.000Z');
  });

  it('checks the command limit (end of 9899) after the offset too', () => {
    expect(E.isLeft(CommandInstant.decode('9899-12-31T23:30:00-01:00'))).toBe(true);
    expect(expectRight(CommandInstant.decode('9900-01-01T00:30:00+01:00'))).toBe('9899-12-31T23:30:00.000Z');
  });

  it('refuses an order snapshot whose instants cross the range through their offset', () => {
    const json = openNotReceivedJson({ at: day(1), order: { paidAt: '1970-01-01T00:30:00+01:00' } });
    expect(E.isLeft(parseCommand(json))).toBe(true);
  });
});

describe('text and ids are well-formed Unicode (defect 2)', () => {
  const idCodecs: ReadonlyArray<{ decode(u: unknown): E.Either<unknown, string>; is(u: unknown): boolean }> = [DisputeId, OrderId, UserId, CommandId, Identifier];

  it.each(['d\uD800', 'd\uDC00', '\uDBFFx', 'a\uDC00\uD800b'])('refuses the id %j with a lone surrogate', (id) => {
    for (const codec of idCodecs) {
      expect(E.isLeft(codec.decode(id))).toBe(true);
      expect(codec.is(id)).toBe(false);
    }
  });

  it('accepts ids with paired surrogates (characters outside the BMP)', () => {
    for (const codec of idCodecs) expect(expectRight(codec.decode('d\uD83D\uDE00'))).toBe('d😀');
  });

  it.each(['a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009bb', 'a\u2028b', 'a\u202eb', 'a\u2066b'])('refuses control characters in the id %j', (id) => {
    for (const codec of idCodecs) expect(E.isLeft(codec.decode(id))).toBe(true);
  });

  it('refuses lone surrogates in free text, and keeps control characters and paired surrogates there', () => {
    expect(E.isLeft(LongText.decode('hello \uD800'))).toBe(true);
    expect(E.isLeft(Note.decode('\uDFFF'))).toBe(true);
    expect(LongText.is('hello \uD800')).toBe(false);
    expect(expectRight(LongText.decode('line 1\nline 2 \u001b[31mred\u001b[0m 😀'))).toBe('line 1\nline 2 \u001b[31mred\u001b[0m 😀');
  });
});

describe('every policy field is bounded (defect 7)', () => {
  it('refuses a policy name over 200 characters, or blank', () => {
    expect(E.isRight(DisputePolicy.decode({ ...policies.seed, name: 'n'.repeat(200) }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...policies.seed, name: 'n'.repeat(201) }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...policies.seed, name: ' ' }))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode({ ...policies.seed, name: 'n'.repeat(10_000_000) }))).toBe(true);
  });

  it('refuses more than 1,000 holidays', () => {
    const holidays = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const calendar = (n: number) => ({ ...policies.seed, businessCalendar: { weekendDays: [0, 6], holidays: holidays(n) } });
    expect(E.isRight(DisputePolicy.decode(calendar(1_000)))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode(calendar(1_001)))).toBe(true);
    expect(E.isLeft(DisputePolicy.decode(calendar(300_000)))).toBe(true);
  });
});
