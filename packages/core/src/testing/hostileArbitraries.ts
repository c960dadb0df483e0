/*
 * Hostile values for the round-trip law (issue 11): text and ids with control characters, lone and
 * paired surrogates and maximum lengths; instants with offsets that cross the accepted range and
 * time fields at their bounds; whole command sequences built from them. Most values are ones the
 * codecs accept (the law is about what is accepted); some are just outside, to keep the codecs honest.
 */
import fc from 'fast-check';
import { EARLIEST_INSTANT_MILLIS, LATEST_COMMAND_YEAR } from '../codecs/instant';
import { policies } from '../policy/presets';

const DAY = 86_400_000;
const LATEST_COMMAND_MILLIS = Date.UTC(LATEST_COMMAND_YEAR, 11, 31, 23, 59, 59, 999);

/** Characters the id codecs refuse (see docs/concepts/limits.md). */
const REFUSED_IN_IDS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Small pieces of text every text codec accepts: any code point, control characters, surrogate pairs, quoting characters. */
const textPiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u2066', '\ufeff', '\u001b[31m', '\u001b]8;;https://x\u0007', '\u0000') },
  { weight: 1, arbitrary: fc.constantFrom('\uD83D\uDE00', '\uD800\uDC00', '\uDBFF\uDFFF', '😀👍🏽', 'e\u0301') },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\t', '\n', '"', '\\', "'", '%', '?', '/', '--', ';', '${x}', '{{x}}', '<b>') },
);

/** Pieces an id may hold: `textPiece` without the characters ids refuse. */
const idPiece: fc.Arbitrary<string> = textPiece.filter((piece) => !REFUSED_IN_IDS.test(piece) && !LONE_SURROGATE.test(piece));

/** A value no codec accepts in text: a lone surrogate. */
const loneSurrogate = fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF');

/**
 * Hostile free text up to `max` UTF-16 units: mixed pieces (control characters, surrogate pairs…),
 * sometimes exactly `max` long (ending on a surrogate pair), and, rarely, one the codecs refuse:
 * one over `max`, blank, or holding a lone surrogate.
 */
export const hostileTextArb = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 16, arbitrary: fc.array(textPiece, { minLength: 1, maxLength: 12 }).map((parts) => `${parts.join('')}.`.slice(-max)) },
    { weight: 3, arbitrary: fc.constantFrom('x'.repeat(max), `${'y'.repeat(max - 2)}😀`, `\u001b${'c'.repeat(max - 1)}`) },
    { weight: 1, arbitrary: fc.oneof(fc.constant('z'.repeat(max + 1)), fc.constant(' \n\t'), loneSurrogate.map((c) => `text ${c} text`)) },
  );

/**
 * A hostile id: a plain `prefix` (unique per run, so runs never collide in one store) plus a hostile
 * tail; sometimes exactly 200 units long; rarely one the codecs refuse (201 units, a lone
 * surrogate, a control character, a trailing space).
 */
export const hostileIdArb = (prefix: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 16, arbitrary: fc.array(idPiece, { maxLength: 4 }).map((parts) => `${prefix}${parts.join('')}`.slice(0, 199).trim()).map((id) => `${id}!`) },
    { weight: 3, arbitrary: fc.constant(`${prefix}${'i'.repeat(Math.max(0, 198 - prefix.length))}😀`) },
    { weight: 2, arbitrary: fc.oneof(fc.constant(`${prefix}${'j'.repeat(Math.max(0, 199 - prefix.length))}😀`), fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0085', '\u202e', '\u0007', ' ').map((c) => `${prefix}${c}`)) },
  );

/** Epoch milliseconds: ordinary ones, and ones at the edges of what a command may carry. */
export const hostileMillisArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }) },
  { weight: 1, arbitrary: fc.integer({ min: EARLIEST_INSTANT_MILLIS - 2 * DAY, max: EARLIEST_INSTANT_MILLIS + 2 * DAY }) },
  { weight: 1, arbitrary: fc.constantFrom(EARLIEST_INSTANT_MILLIS, EARLIEST_INSTANT_MILLIS + 1) },
  { weight: 1, arbitrary: fc.integer({ min: LATEST_COMMAND_MILLIS - 40 * DAY, max: LATEST_COMMAND_MILLIS + DAY }) },
);

/**
 * Writes an instant as ISO-8601 text with an offset of `offsetMinutes` (−14:00…+14:00) and
 * `fractionDigits` (0–9) digits of seconds. The text names the same instant; near the range's edges
 * the local time may cross into 1969 or 10000 while the instant does not, or the other way round.
 */
export const instantText = (millis: number, offsetMinutes: number, fractionDigits: number): string => {
  const local = new Date(millis + offsetMinutes * 60_000).toISOString();
  if (!/^\d{4}-/.test(local)) return local; // a six-digit year: only ever refused
  const [head, fraction] = [local.slice(0, 19), local.slice(20, 23)];
  const digits = fractionDigits === 0 ? '' : `.${`${fraction}000000`.slice(0, fractionDigits)}`;
  if (offsetMinutes === 0 && fractionDigits === 3) return `${head}${digits}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${head}${digits}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/** How an instant is written: its offset and fraction digits. */
export const instantStyleArb = fc.record({
  offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.constantFrom(-60, 60, -840, 840, 330, 345)),
  fractionDigits: fc.integer({ min: 0, max: 9 }),
});

/** One follow-up command after an opening, before its envelope is filled in. */
export type HostileStep =
  | { readonly type: 'PostMessage'; readonly by: 'buyer' | 'seller'; readonly text: string }
  | { readonly type: 'MakeProposal'; readonly amount: number; readonly note?: string | undefined }
  | { readonly type: 'RejectProposal'; readonly note?: string | undefined }
  | { readonly type: 'Escalate'; readonly note?: string | undefined }
  | { readonly type: 'SubmitEvidence'; readonly by: 'buyer' | 'seller'; readonly uri: string; readonly mime: string; readonly note?: string | undefined }
  | { readonly type: 'CancelDispute'; readonly note?: string | undefined }
  | { readonly type: 'ExpireDeadline'; readonly dueAt: number };

const optionalNote = fc.option(hostileTextArb(2_000), { nil: undefined });

const hostileStepArb: fc.Arbitrary<HostileStep> = fc.oneof(
  fc.record({ type: fc.constant('PostMessage' as const), by: fc.constantFrom('buyer' as const, 'seller' as const), text: hostileTextArb(10_000) }),
  fc.record({ type: fc.constant('MakeProposal' as const), amount: fc.integer({ min: 0, max: 10_000 }), note: optionalNote }, { requiredKeys: ['type', 'amount'] }),
  fc.record({ type: fc.constant('RejectProposal' as const), note: optionalNote }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('Escalate' as const), note: optionalNote }, { requiredKeys: ['type'] }),
  fc.record(
    { type: fc.constant('SubmitEvidence' as const), by: fc.constantFrom('buyer' as const, 'seller' as const), uri: hostileTextArb(2_000), mime: hostileTextArb(200), note: optionalNote },
    { requiredKeys: ['type', 'by', 'uri', 'mime'] },
  ),
  fc.record({ type: fc.constant('CancelDispute' as const), note: optionalNote }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('ExpireDeadline' as const), dueAt: hostileMillisArb }),
);

/** A whole hostile scenario: who, what, when, and the commands after the opening. */
export interface HostileScenario {
  readonly disputeId: string;
  readonly orderId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly paidAt: number;
  readonly description: string;
  readonly policyName?: string | undefined;
  readonly holidays: number;
  readonly evidence: ReadonlyArray<{ readonly uri: string; readonly mime: string; readonly note?: string | undefined }>;
  readonly steps: ReadonlyArray<HostileStep>;
  /** The style of each instant written, one per command (cycled). */
  readonly styles: ReadonlyArray<{ readonly offsetMinutes: number; readonly fractionDigits: number }>;
}

/** Hostile scenarios whose ids all start with `prefix` (unique per run). */
export const hostileScenarioArb = (prefix: string): fc.Arbitrary<HostileScenario> =>
  fc.record(
    {
      disputeId: hostileIdArb(`${prefix}d`),
      orderId: hostileIdArb(`${prefix}o`),
      buyerId: hostileIdArb('b'),
      sellerId: hostileIdArb('s'),
      paidAt: hostileMillisArb,
      description: hostileTextArb(10_000),
      policyName: fc.option(hostileTextArb(200), { nil: undefined }),
      holidays: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 20 }) }, { weight: 1, arbitrary: fc.constantFrom(1_000, 1_001) }),
      evidence: fc.array(fc.record({ uri: hostileTextArb(2_000), mime: hostileTextArb(200), note: optionalNote }, { requiredKeys: ['uri', 'mime'] }), { maxLength: 2 }),
      steps: fc.array(hostileStepArb, { maxLength: 5 }),
      styles: fc.array(instantStyleArb, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['disputeId', 'orderId', 'buyerId', 'sellerId', 'paidAt', 'description', 'holidays', 'evidence', 'steps', 'styles'] },
  );

const SHA = 'ab'.repeat(32);

/**
 * The scenario as command JSON, in order: the opening, then each step one hour (or, near the end of
 * the range, one millisecond) after the one before, written in the scenario's instant styles.
 */
export const hostileCommands = (s: HostileScenario): ReadonlyArray<Record<string, unknown>> => {
  const style = (i: number) => s.styles[i % s.styles.length]!;
  const text = (millis: number, i: number) => instantText(millis, style(i).offsetMinutes, style(i).fractionDigits);
  const nearEnd = s.paidAt > LATEST_COMMAND_MILLIS - 40 * DAY;
  const step = nearEnd ? 1 : 3_600_000;
  const openedAt = Math.min(s.paidAt + DAY, LATEST_COMMAND_MILLIS - (s.steps.length + 1) * step);
  const actor = (role: 'buyer' | 'seller' | 'mediator' | 'system') =>
    ({ role, id: role === 'buyer' ? s.buyerId : role === 'seller' ? s.sellerId : role === 'mediator' ? 'mediator-1' : 'system' });
  const envelope = (i: number, role: 'buyer' | 'seller' | 'mediator' | 'system') => ({
    disputeId: s.disputeId,
    commandId: `${s.disputeId.slice(0, 190)}#${i}`,
    actor: actor(role),
    at: text(openedAt + i * step, i),
  });
  const holidays = Array.from({ length: s.holidays }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * DAY).toISOString().slice(0, 10));
  const seed = policies.seed;
  const policy =
    s.policyName === undefined && s.holidays === 0
      ? undefined
      : { ...seed, name: s.policyName ?? 'hostile', businessCalendar: { ...seed.businessCalendar, holidays } };
  const open = {
    type: 'OpenDispute',
    ...envelope(0, 'buyer'),
    order: {
      orderId: s.orderId,
      buyerId: s.buyerId,
      sellerId: s.sellerId,
      paid: { amount: 10_000, currency: 'USD' },
      alreadyRefunded: { amount: 0, currency: 'USD' },
      paidAt: text(s.paidAt, 1),
      // the seller refused to cancel (the seed policy opens only after that)
      cancellationRefusedAt: text(s.paidAt + 1, 4),
      shippedAt: text(s.paidAt + 1, 2),
      deliveryDeadlineAt: text(s.paidAt + 25 * DAY, 3),
    },
    kind: 'REFUND_ONLY',
    itemReceived: false,
    reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    proposalId: `${s.disputeId.slice(0, 190)}#p0`,
    requested: { amount: 10_000, currency: 'USD' },
    description: s.description,
    evidence: s.evidence.map((e, i) => ({ evidenceId: `e${i}`, kind: 'PHOTO', uri: e.uri, sha256: SHA, mime: e.mime, sizeBytes: 1, ...(e.note === undefined ? {} : { note: e.note }) })),
    ...(policy === undefined ? {} : { policy }),
  };
  const follow = s.steps.map((st, index): Record<string, unknown> => {
    const i = index + 1;
    const note = 'note' in st && st.note !== undefined ? { note: st.note } : {};
    switch (st.type) {
      case 'PostMessage':
        return { type: 'PostMessage', ...envelope(i, st.by), messageId: `m${i}`, text: st.text };
      case 'MakeProposal':
        return { type: 'MakeProposal', ...envelope(i, 'seller'), proposalId: `p${i}`, amount: { amount: st.amount, currency: 'USD' }, returnRequired: false, ...note };
      case 'RejectProposal':
        return { type: 'RejectProposal', ...envelope(i, 'seller'), proposalId: `${s.disputeId.slice(0, 190)}#p0`, ...note };
      case 'Escalate':
        return { type: 'Escalate', ...envelope(i, 'buyer'), ...note };
      case 'SubmitEvidence':
        return { type: 'SubmitEvidence', ...envelope(i, st.by), evidence: { evidenceId: `e-step${i}`, kind: 'DOCUMENT', uri: st.uri, sha256: SHA, mime: st.mime, sizeBytes: 2, ...note } };
      case 'CancelDispute':
        return { type: 'CancelDispute', ...envelope(i, 'buyer'), ...note };
      case 'ExpireDeadline':
        return { type: 'ExpireDeadline', ...envelope(i, 'system'), kind: 'SELLER_RESPONSE', dueAt: text(st.dueAt, i) };
    }
  });
  return [open, ...follow];
};
