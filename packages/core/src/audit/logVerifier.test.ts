import type { RecordedEvent } from '../eventStore/eventStore';
import * as f from '../testing/fixtures';
import { chainMetadata } from './eventHash';
import { createLogVerifier } from './logVerifier';
import { interleave, returnAndRefund, silentSeller, stillOpen, storedHistory } from '../testing/internal/storedHistories';

const verify = (log: ReadonlyArray<RecordedEvent>) => {
  const verifier = createLogVerifier();
  log.forEach((event) => verifier.push(event));
  return verifier.finish();
};

describe('createLogVerifier', () => {
  const a = storedHistory(returnAndRefund('a'));
  const b = storedHistory(silentSeller('b'));
  const c = storedHistory(stillOpen('c'));

  it('passes a clean log of interleaved disputes, open and closed, and counts them', () => {
    const result = verify(interleave(a, b, c));
    expect(result).toMatchObject({
      events: a.length + b.length + c.length,
      streams: { disputes: 3, orderGuards: 0, other: 0 },
      disputesByStatus: { CLOSED: 2, AWAITING_BUYER: 1 },
      chainBreaks: 0,
      corruptEvents: 0,
      ruleViolations: 0,
      findings: [],
      clean: true,
    });
  });

  it('reports a broken chain, naming the first broken link in log order', () => {
    const tampered = interleave(
      a.map((e) => (e.version === 4 ? { ...e, data: { ...(e.data as object), carrier: 'UPS' } } : e)),
      b.filter((e) => e.version !== 5),
      c,
    );
    const result = verify(tampered);
    expect(result.clean).toBe(false);
    expect(result.chainBreaks).toBe(2);
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'dispute-a', version: 4, problem: 'CONTENT_CHANGED' });
    expect(result.findings.filter((x) => x.kind === 'CHAIN').map((x) => [x.streamId, x.version, x.problem])).toEqual([
      ['dispute-a', 4, 'CONTENT_CHANGED'],
      ['dispute-b', 6, 'MISSING_EVENTS'],
    ]);
  });

  it('reports the rule violations checkHistory finds', () => {
    // A history written without the decider: the refund is larger than what was resolved.
    const bad = b.map((e) => (e.type === 'RefundIssued' ? { ...e, data: { ...(e.data as object), amount: f.usd(20_000) } } : e));
    const result = verify(bad);
    expect(result.ruleViolations).toBeGreaterThan(0);
    expect(result.findings.filter((x) => x.kind === 'RULE').map((x) => x.rule)).toContain('M1');
  });

  it('reports an event after DisputeClosed (S2) and an event that does not decode', () => {
    const extra: RecordedEvent = { ...b[0]!, version: b.length + 1, globalPosition: 99 };
    const garbled: RecordedEvent = { ...c[1]!, data: { disputeId: 'c' } };
    const result = verify([...b, extra, c[0]!, garbled]);
    expect(result.findings.filter((x) => x.kind !== 'CHAIN').map((x) => [x.kind, x.streamId, x.version, x.rule])).toEqual([
      ['RULE', 'dispute-b', 7, 'S2'],
      ['CORRUPT', 'dispute-c', 2, undefined],
    ]);
    expect(result.disputesByStatus).toEqual({ CLOSED: 1, CORRUPT: 1 });
  });

  describe('after a dispute closes (only its chain head and a status byte are kept)', () => {
    /** An event appended to `stream` after its last one, linked to `previousHash` and hashed as the service would. */
    const appended = (stream: ReadonlyArray<RecordedEvent>, previousHash: string, offset = 1): RecordedEvent => {
      const last = stream[stream.length - 1]!;
      const event = { ...last, version: last.version + offset, globalPosition: 1_000 + offset, metadata: { ...last.metadata, eventId: `late-${offset}` } };
      return { ...event, metadata: { ...event.metadata, ...chainMetadata(previousHash, event) } };
    };
    const lastHash = (stream: ReadonlyArray<RecordedEvent>) => stream[stream.length - 1]!.metadata['hash'] as string;

    it('still follows its chain: a later event linked correctly is no chain break, but breaks S2 once, and moves its head', () => {
      const late = appended(b, lastHash(b));
      const later = appended([late], lastHash([late]));
      const verifier = createLogVerifier();
      [...a, ...b, late, later].forEach((e) => verifier.push(e));
      const result = verifier.finish();
      expect(result.chainBreaks).toBe(0);
      expect(result.findings.map((x) => [x.kind, x.streamId, x.version, x.rule])).toEqual([['RULE', 'dispute-b', b.length + 1, 'S2']]);
      expect(result.disputesByStatus).toEqual({ CLOSED: 2 });
      expect([...verifier.heads()]).toEqual([
        { streamId: 'dispute-a', version: a.length, hash: lastHash(a) },
        { streamId: 'dispute-b', version: b.length + 2, hash: lastHash([later]) },
      ]);
    });

    it('still checks its chain: a later event that does not link to its last hash, or skips a version, is a broken link', () => {
      const forged = appended(b, lastHash(a));
      const forgedResult = verify([...b, forged]);
      expect(forgedResult.findings.map((x) => [x.kind, x.version, x.problem ?? x.rule])).toEqual([
        ['CHAIN', b.length + 1, 'BROKEN_LINK'],
        ['RULE', b.length + 1, 'S2'],
      ]);
      expect(forgedResult.findings[0]?.message).toContain(`not the hash of version ${b.length} (${lastHash(b).slice(0, 12)}…)`);
      const skipping = appended(b, lastHash(b), 2);
      expect(verify([...b, skipping]).findings.map((x) => [x.kind, x.version, x.problem ?? x.rule])).toEqual([
        ['CHAIN', b.length + 2, 'MISSING_EVENTS'],
        ['RULE', b.length + 2, 'S2'],
      ]);
    });

    it('still checks heads recorded earlier against it', () => {
      const heads = [{ streamId: 'dispute-b', version: b.length + 1, hash: lastHash([appended(b, lastHash(b))]) }];
      const verifier = createLogVerifier({ heads });
      [...b, c[0]!].forEach((e) => verifier.push(e));
      expect(verifier.finish().findings).toEqual([expect.objectContaining({ kind: 'CHAIN', streamId: 'dispute-b', version: b.length + 1, problem: 'TRUNCATED' })]);
    });

    it('reports an unreadable later event as corrupt and as its broken link, and keeps its status', () => {
      const verifier = createLogVerifier();
      b.forEach((e) => verifier.push(e));
      verifier.unreadable({ streamId: 'dispute-b', version: b.length + 1 }, 'the data is not valid JSON');
      const result = verifier.finish();
      expect(result).toMatchObject({ chainBreaks: 1, corruptEvents: 1, disputesByStatus: { CLOSED: 1 } });
      expect(result.firstBrokenLink).toMatchObject({ streamId: 'dispute-b', version: b.length + 1, problem: 'UNREADABLE' });
    });
  });

  it('reports an event stored in another dispute stream', () => {
    const moved = a.map((e) => ({ ...e, streamId: 'dispute-z' }));
    expect(verify(moved).findings.find((x) => x.kind === 'CORRUPT')?.message).toBe('dispute-z@1 belongs to dispute a, not z.');
  });

  it('lists orders with several disputes, and checks M5 over them', () => {
    const first = storedHistory(silentSeller('o1'));
    // A second dispute of the same order that forgets the first one's refund.
    const second = storedHistory([f.openNotReceived({ disputeId: 'o2', at: f.day(26) })], 100);
    const verifier = createLogVerifier();
    [...first, ...second].forEach((e) => verifier.push(e));
    expect(verifier.ordersWithSeveralDisputes()).toEqual([{ orderId: f.ORDER_ID, streamIds: ['dispute-o1', 'dispute-o2'] }]);
    verifier.checkOrders(f.ORDER_ID, [first, second]);
    const result = verifier.finish();
    expect(result.findings.map((x) => [x.rule, x.streamId])).toEqual(expect.arrayContaining([['M5', 'dispute-o2']]));
  });

  it('reports an event the store could not read back as corrupt and as the broken link of its stream', () => {
    const verifier = createLogVerifier();
    verifier.push(c[0]!);
    verifier.unreadable({ streamId: 'dispute-c', version: 2, globalPosition: 7 }, 'the data is not valid JSON');
    verifier.unreadable({ streamId: 'order-x', version: 1 }, 'the data is not valid JSON');
    const result = verifier.finish();
    expect(result).toMatchObject({ events: 3, chainBreaks: 2, corruptEvents: 2, streams: { disputes: 1, orderGuards: 1 }, disputesByStatus: { CORRUPT: 1 } });
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'dispute-c', version: 2, problem: 'UNREADABLE' });
    expect(result.findings.map((x) => [x.kind, x.streamId, x.version])).toEqual([
      ['CORRUPT', 'dispute-c', 2],
      ['CORRUPT', 'order-x', 1],
    ]);
  });

  it('decodes order guard streams and checks the chain of any other stream', () => {
    const guard = (data: unknown) => ({
      streamId: 'order-o1',
      version: 1,
      globalPosition: 1,
      type: 'OrderDisputeReleased',
      data,
      metadata: { eventId: 'g1', commandId: 'c', recordedAt: f.day(1), schemaVersion: 1 },
    });
    const released = { orderId: 'o1', disputeId: 'd1', reason: 'VOID', refunded: f.usd(0), releasedAt: f.day(1) };
    const verifier = createLogVerifier();
    verifier.push(guard(released));
    verifier.push({ ...guard({ ...released, orderId: 'o2' }), streamId: 'order-o3', globalPosition: 2 });
    verifier.push({ ...guard({ nonsense: true }), streamId: 'order-o4', globalPosition: 3 });
    verifier.push({ ...guard({}), streamId: 'ledger-1', type: 'Whatever', globalPosition: 4 });
    const result = verifier.finish();
    expect(result.streams).toEqual({ disputes: 0, orderGuards: 3, other: 1 });
    expect(result.findings.filter((x) => x.kind === 'CORRUPT').map((x) => [x.streamId, x.message])).toEqual([
      ['order-o3', 'order-o3@1 belongs to order o2.'],
      ['order-o4', expect.stringContaining('order-o4@1 does not decode')],
    ]);
    // None of them carries a chain: each stream's first event is reported as unchained.
    expect(result.findings.filter((x) => x.kind === 'CHAIN').map((x) => x.problem)).toEqual(['MISSING_HASH', 'MISSING_HASH', 'MISSING_HASH', 'MISSING_HASH']);
  });

  it('checks heads recorded earlier: a deleted tail is a broken link', () => {
    const verifier = createLogVerifier({ heads: [{ streamId: 'dispute-a', version: a.length, hash: a[a.length - 1]!.metadata['hash'] as string }] });
    a.slice(0, 3).forEach((e) => verifier.push(e));
    const result = verifier.finish();
    expect(result.firstBrokenLink).toMatchObject({ streamId: 'dispute-a', version: 4, problem: 'TRUNCATED' });
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'CHAIN', problem: 'TRUNCATED' })]);
    expect([...verifier.heads()]).toEqual([{ streamId: 'dispute-a', version: 3, hash: a[2]!.metadata['hash'] }]);
  });

  it('keeps at most maxFindings findings, but counts them all', () => {
    const verifier = createLogVerifier({ maxFindings: 1 });
    [...a, ...b].forEach((e) => verifier.push({ ...e, metadata: { ...e.metadata, hash: undefined } }));
    const result = verifier.finish();
    expect(result).toMatchObject({ chainBreaks: 2, findingsOmitted: 1 });
    expect(result.findings).toHaveLength(1);
  });
});
