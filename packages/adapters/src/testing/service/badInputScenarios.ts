import * as E from 'fp-ts/lib/Either.js';
import { disputeStreamId, orderGuardStreamId, type DisputeService, type EventStore, type HandleError } from '@disputekit/core';
import { openDispute, postMessage } from './commandJson';
import { readWholeLog } from './storedHistories';

/** What a test can do to a stored row behind the store's back: set its type, data or metadata to raw text. */
export type EditRow = (streamId: string, version: number, column: 'type' | 'data' | 'metadata', text: string) => Promise<void>;

/** The malformed commands every store is fed: none may write anything. */
const malformedCommands: ReadonlyArray<readonly [string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a string', 'OpenDispute'],
  ['an array', [openDispute({ disputeId: 'bad', orderId: 'bad', commandId: 'bad' })]],
  ['an unknown type', { ...openDispute({ disputeId: 'bad', orderId: 'bad', commandId: 'bad' }), type: 'OpenDisput' }],
  ['a float amount', { ...openDispute({ disputeId: 'bad', orderId: 'bad', commandId: 'bad' }), requested: { amount: 99.99, currency: 'USD' } }],
  ['a numeric string amount', { ...openDispute({ disputeId: 'bad', orderId: 'bad', commandId: 'bad' }), requested: { amount: '9999', currency: 'USD' } }],
  ['a missing commandId', { ...postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'x', by: 'buyer' }), commandId: undefined }],
  ['an empty disputeId', postMessage({ disputeId: '', orderId: 'o1', commandId: 'x2', by: 'buyer' })],
  ['an unknown field', { ...postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'x3', by: 'buyer' }), sneaky: true }],
  ['a bad instant', { ...postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'x4', by: 'buyer' }), at: '31/02/2026' }],
  ['an unknown role', { ...postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'x5', by: 'buyer' }), actor: { role: 'admin', id: 'root' } }],
  ['a huge text', { ...postMessage({ disputeId: 'd1', orderId: 'o1', commandId: 'x6', by: 'buyer' }), text: 'x'.repeat(20_000) }],
];

/** Sends every malformed command; returns what went wrong (each must be a ValidationError with a message, and write nothing). */
export const checkMalformedCommands = async (service: DisputeService, store: EventStore): Promise<ReadonlyArray<string>> => {
  const problems: string[] = [];
  const before = (await readWholeLog(store)).length;
  for (const [name, input] of malformedCommands) {
    const result = await service.handle(input);
    if (E.isRight(result)) problems.push(`${name}: accepted`);
    else if (result.left._tag !== 'ValidationError' || result.left.message.length === 0) problems.push(`${name}: ${result.left._tag}`);
  }
  const after = (await readWholeLog(store)).length;
  if (after !== before) problems.push(`malformed commands wrote ${after - before} events`);
  return problems;
};

/** One way to corrupt a stored row, and the version the CorruptEvent must name. */
export interface Corruption {
  readonly name: string;
  readonly version: number;
  readonly column: 'type' | 'data' | 'metadata';
  readonly text: string;
}

/** Corruptions any store that keeps JSON as text can hold; `jsonb` stores skip the invalid-JSON ones. */
const corruptions = (validJsonOnly: boolean): ReadonlyArray<Corruption> => [
  ...(validJsonOnly
    ? []
    : [
        { name: 'data that is not JSON', version: 2, column: 'data' as const, text: '{"disputeId": "d1", "at": ' },
        { name: 'metadata that is not JSON', version: 2, column: 'metadata' as const, text: 'not json at all' },
      ]),
  { name: 'data of the wrong shape', version: 1, column: 'data', text: '{"disputeId":"d1","kind":"REFUND_ONLY"}' },
  { name: 'data that is a JSON array', version: 2, column: 'data', text: '[1,2,3]' },
  { name: 'an unknown event type', version: 2, column: 'type', text: 'MessagePostd' },
  { name: 'a refund as a float', version: 1, column: 'data', text: 'REFUNDABLE_FLOAT' },
  { name: 'metadata without an event id', version: 2, column: 'metadata', text: '{"commandId":"c2","recordedAt":"2026-04-01T00:00:00.000Z","schemaVersion":1}' },
];

const same = (error: HandleError, streamId: string, version: number): boolean =>
  error._tag === 'CorruptEvent' && error.streamId === streamId && error.version === version && error.message.includes(`${streamId}@${version}`);

/**
 * Opens `d1` (order `o-bad`) and posts a message, then for each corruption: edits the row, checks
 * (counting rows directly, since `readAll` refuses a corrupt log too)
 * that `handle` and `load` both return a CorruptEvent naming `dispute-d1` and the version, that the
 * rejected command wrote nothing, restores the row, and checks the service works again. Then the
 * same for a guard row (`order-o-bad`). Returns what went wrong.
 */
export const checkCorruptRows = async (
  service: DisputeService,
  editRow: EditRow,
  readRow: (streamId: string, version: number, column: 'type' | 'data' | 'metadata') => Promise<string>,
  countRows: () => Promise<number>,
  validJsonOnly: boolean,
): Promise<ReadonlyArray<string>> => {
  const problems: string[] = [];
  const orderId = 'o-bad';
  const ok = async (command: unknown, what: string) => {
    const result = await service.handle(command);
    if (E.isLeft(result)) problems.push(`${what}: ${result.left._tag} ${result.left.message}`);
  };
  await ok(openDispute({ disputeId: 'd1', orderId, commandId: 'c1' }), 'opening d1');
  await ok(postMessage({ disputeId: 'd1', orderId, commandId: 'c2', by: 'buyer' }), 'posting in d1');
  let next = 3;
  for (const corruption of corruptions(validJsonOnly)) {
    const original = await readRow(disputeStreamId('d1'), corruption.version, corruption.column);
    const text = corruption.text === 'REFUNDABLE_FLOAT' ? original.replace(/"refundable":\{"amount":\d+/, '"refundable":{"amount":99.5').replace(/"refundable": \{"amount": \d+/, '"refundable": {"amount": 99.5') : corruption.text;
    if (text === original) problems.push(`${corruption.name}: the test could not edit the row`);
    await editRow(disputeStreamId('d1'), corruption.version, corruption.column, text);
    const before = await countRows();
    const handled = await service.handle(postMessage({ disputeId: 'd1', orderId, commandId: `c${next}`, by: 'seller' }));
    const loaded = await service.load('d1');
    for (const [what, result] of [['handle', handled], ['load', loaded]] as const) {
      if (E.isRight(result)) problems.push(`${corruption.name}: ${what} succeeded on a corrupt stream`);
      else if (!same(result.left, disputeStreamId('d1'), corruption.version)) problems.push(`${corruption.name}: ${what} gave ${result.left._tag}: ${result.left.message}`);
    }
    await editRow(disputeStreamId('d1'), corruption.version, corruption.column, original);
    const after = await countRows();
    if (after !== before) problems.push(`${corruption.name}: the refused command wrote ${after - before} events`);
    await ok(postMessage({ disputeId: 'd1', orderId, commandId: `c${next}`, by: 'seller' }), `${corruption.name}: after repair`);
    next += 1;
  }
  // A guard row of the wrong shape stops openings on that order, naming the guard stream.
  await ok({ type: 'CancelDispute', disputeId: 'd1', commandId: 'c-cancel', actor: { role: 'buyer', id: `buyer-${orderId}` }, at: '2026-03-08T10:00:00.000Z' }, 'cancelling d1');
  const guardData = await readRow(orderGuardStreamId(orderId), 1, 'data');
  await editRow(orderGuardStreamId(orderId), 1, 'data', '{"orderId":"o-bad"}');
  const opened = await service.handle(openDispute({ disputeId: 'd2', orderId, commandId: 'c-d2', at: '2026-03-09T10:00:00.000Z' }));
  if (E.isRight(opened) || !same(opened.left, orderGuardStreamId(orderId), 1)) problems.push(`a corrupt guard row gave ${E.isRight(opened) ? 'success' : opened.left.message}`);
  await editRow(orderGuardStreamId(orderId), 1, 'data', guardData);
  await ok(openDispute({ disputeId: 'd2', orderId, commandId: 'c-d2', at: '2026-03-09T10:00:00.000Z' }), 'opening d2 after repairing the guard');
  return problems;
};
