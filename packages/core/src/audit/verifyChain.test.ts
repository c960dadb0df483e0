import fc from 'fast-check';
import type { RecordedEvent } from '../eventStore/eventStore';
import { chainMetadata } from './eventHash';
import { interleave, returnAndRefund, silentSeller, storedHistory } from '../testing/internal/storedHistories';
import { createChainVerifier, verifyChain } from './verifyChain';

const history = storedHistory(returnAndRefund('d1'));
const renumber = (events: ReadonlyArray<RecordedEvent>): RecordedEvent[] => events.map((e, i) => ({ ...e, version: i + 1 }));
const editData = (event: RecordedEvent): RecordedEvent => ({ ...event, data: { ...(event.data as object), at: '2026-01-01T00:00:00.000Z' } });
/** Gives an edited event a hash that matches its new content (what a careful forger does). */
const rehash = (event: RecordedEvent): RecordedEvent => ({
  ...event,
  metadata: { ...event.metadata, ...chainMetadata(event.metadata['previousHash'] as string, event) },
});

describe('verifyChain', () => {
  it('accepts an intact chain, and counts its streams and events', () => {
    const other = storedHistory(silentSeller('d2'));
    expect(verifyChain(interleave(history, other))).toEqual({ ok: true, events: history.length + other.length, streams: 2, breaks: [] });
  });

  it('catches an edited event at that event', () => {
    const tampered = history.map((e) => (e.version === 3 ? editData(e) : e));
    expect(verifyChain(tampered).firstBreak).toMatchObject({ streamId: 'dispute-d1', version: 3, problem: 'CONTENT_CHANGED' });
  });

  it('catches an edited event whose hash was recomputed at the next link', () => {
    const tampered = history.map((e) => (e.version === 3 ? rehash(editData(e)) : e));
    expect(verifyChain(tampered).firstBreak).toMatchObject({ version: 4, problem: 'BROKEN_LINK' });
  });

  it('catches a deleted event, with or without renumbering the rest', () => {
    const gap = history.filter((e) => e.version !== 2);
    expect(verifyChain(gap).firstBreak).toMatchObject({ version: 3, problem: 'MISSING_EVENTS' });
    expect(verifyChain(gap).firstBreak?.message).toContain('version 2 is missing');
    expect(verifyChain(renumber(gap)).firstBreak).toMatchObject({ version: 2, problem: 'BROKEN_LINK' });
  });

  it('catches the first event deleted: version 1 is missing', () => {
    expect(verifyChain(history.slice(1)).firstBreak).toMatchObject({ version: 2, problem: 'MISSING_EVENTS' });
  });

  it('catches reordered events', () => {
    const swappedRows = [history[0]!, history[2]!, history[1]!, ...history.slice(3)];
    expect(verifyChain(swappedRows).firstBreak).toMatchObject({ version: 3, problem: 'MISSING_EVENTS' });
    const swappedVersions = renumber(swappedRows);
    expect(verifyChain(swappedVersions).firstBreak).toMatchObject({ version: 2, problem: 'BROKEN_LINK' });
  });

  it('catches an inserted event: without a hash, with a taken version, or with a forged link', () => {
    const extra = { ...history[1]!, metadata: { ...history[1]!.metadata, eventId: 'forged' } };
    const unhashed = { ...extra.metadata, hash: undefined };
    expect(verifyChain([...history.slice(0, 2), { ...extra, version: 3, metadata: unhashed }]).firstBreak).toMatchObject({ version: 3, problem: 'MISSING_HASH' });
    expect(verifyChain([...history.slice(0, 2), extra, ...history.slice(2)]).firstBreak).toMatchObject({ version: 2, problem: 'OUT_OF_ORDER' });
    // A forger who links the new event to version 2 correctly still breaks the link of the old version 3.
    const forged = rehash({ ...extra, version: 3, metadata: { ...extra.metadata, previousHash: history[1]!.metadata['hash'] } });
    const inserted = [...history.slice(0, 2), forged, ...history.slice(2).map((e) => ({ ...e, version: e.version + 1 }))];
    expect(verifyChain(inserted).firstBreak).toMatchObject({ version: 4, problem: 'BROKEN_LINK' });
  });

  it('names only the first broken link of each stream, in log order', () => {
    const a = history.map((e) => (e.version >= 2 ? editData(e) : e));
    const b = storedHistory(silentSeller('d2'), 100).filter((e) => e.version !== 1);
    const result = verifyChain(interleave(a, b));
    // The log holds d1@1, d2@2, d1@2, ...: d2's missing first event is met first.
    expect(result.breaks.map((x) => [x.streamId, x.version, x.problem])).toEqual([
      ['dispute-d2', 2, 'MISSING_EVENTS'],
      ['dispute-d1', 2, 'CONTENT_CHANGED'],
    ]);
    expect(result.firstBreak?.message).toBe('dispute-d2@2 (global position 2): version 1 is missing before it (deleted, or moved later in the log).');
  });

  it('breaks a chain at an event the store could not read back', () => {
    const verifier = createChainVerifier();
    verifier.push(history[0]!);
    const found = verifier.unreadable({ streamId: 'dispute-d1', version: 2, globalPosition: 2 }, 'the metadata is not valid JSON');
    expect(found).toMatchObject({ streamId: 'dispute-d1', version: 2, problem: 'UNREADABLE' });
    expect(found?.message).toBe('dispute-d1@2 (global position 2) cannot be read back from the store (the metadata is not valid JSON): the chain cannot be followed past it.');
    expect(verifier.push(history[2]!)).toBeUndefined(); // the rest of a broken stream is not checked again
    expect(verifier.result()).toMatchObject({ ok: false, events: 3, breaks: [found] });
  });

  describe('with heads recorded earlier', () => {
    const heads = () => [...createHeads(history)];
    const createHeads = (events: ReadonlyArray<RecordedEvent>) => {
      const verifier = createChainVerifier();
      events.forEach((e) => verifier.push(e));
      return verifier.heads();
    };

    it('catches events deleted from the end, which a chain alone cannot show', () => {
      const truncated = history.slice(0, 5);
      expect(verifyChain(truncated).ok).toBe(true);
      expect(verifyChain(truncated, { heads: heads() }).firstBreak).toMatchObject({ version: 6, problem: 'TRUNCATED' });
    });

    it('catches a deleted stream', () => {
      expect(verifyChain([], { heads: heads() }).firstBreak).toMatchObject({ streamId: 'dispute-d1', problem: 'TRUNCATED' });
    });

    it('catches a stream rewritten with recomputed hashes', () => {
      let previous = history[0]!.metadata['hash'] as string;
      const rewritten = history.map((e) => {
        if (e.version === 1) return e;
        const edited = editData(e);
        const chain = chainMetadata(previous, edited);
        previous = chain.hash;
        return { ...edited, metadata: { ...edited.metadata, ...chain } };
      });
      expect(verifyChain(rewritten).ok).toBe(true);
      expect(verifyChain(rewritten, { heads: heads() }).firstBreak).toMatchObject({ version: history.length, problem: 'REWRITTEN' });
    });

    it('accepts a stream that grew since', () => {
      expect(verifyChain(history, { heads: [...createHeads(history.slice(0, 3))] }).ok).toBe(true);
    });
  });

  it('finds every single edit, deletion, swap or insertion at or right after the tampered place (property)', () => {
    const log = storedHistory(returnAndRefund('d9'));
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat(log.length - 1) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(log.length - 2) }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(log.length - 2) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(log.length - 1), renumber: fc.boolean() }),
    );
    fc.assert(
      fc.property(tamper, (t) => {
        let rows: RecordedEvent[] = [...log];
        if (t.kind === 'edit') rows[t.at] = editData(rows[t.at]!);
        if (t.kind === 'delete') rows.splice(t.at, 1);
        if (t.kind === 'swap') rows = renumber([...rows.slice(0, t.at), rows[t.at + 1]!, rows[t.at]!, ...rows.slice(t.at + 2)]);
        if (t.kind === 'insert') {
          const copy = rows[t.at]!;
          rows.splice(t.at, 0, { ...copy, metadata: { ...copy.metadata, eventId: 'inserted' } });
          if (t.renumber) rows = renumber(rows);
        }
        const result = verifyChain(rows);
        expect(result.ok).toBe(false);
        expect(result.firstBreak!.version).toBeGreaterThanOrEqual(t.at + 1);
        expect(result.firstBreak!.version).toBeLessThanOrEqual(t.at + 2);
      }),
      { numRuns: 200 },
    );
  });
});
