import type { Instant } from '../codecs/instant';
import { sameDeadlineSlot, startDeadlines, stopDeadlines, stopDeadlineSlot } from './deadlines';
import type { Deadline } from './vocabulary';

/** Running deadlines: at most one per kind, and per party for evidence requests (process rules §6). */
const due = (text: string) => text as Instant;
const seller: Deadline = { kind: 'SELLER_RESPONSE', dueAt: due('2026-03-07T10:00:00.000Z') };
const window: Deadline = { kind: 'NEGOTIATION_WINDOW', dueAt: due('2026-03-17T10:00:00.000Z') };
const evidenceBuyer: Deadline = { kind: 'EVIDENCE_REQUEST', dueAt: due('2026-03-05T10:00:00.000Z'), party: 'buyer' };
const evidenceSeller: Deadline = { kind: 'EVIDENCE_REQUEST', dueAt: due('2026-03-06T10:00:00.000Z'), party: 'seller' };

describe('deadline slots', () => {
  it('a slot is the kind, and the party for evidence requests', () => {
    expect(sameDeadlineSlot(seller, { kind: 'SELLER_RESPONSE', dueAt: due('2026-04-01T00:00:00.000Z') } as Deadline)).toBe(true);
    expect(sameDeadlineSlot(seller, window)).toBe(false);
    expect(sameDeadlineSlot(evidenceBuyer, evidenceSeller)).toBe(false);
  });

  it('startDeadlines replaces the running deadline of the same slot and keeps the others', () => {
    const restarted: Deadline = { kind: 'SELLER_RESPONSE', dueAt: due('2026-03-09T10:00:00.000Z') };
    expect(startDeadlines([seller, window], [restarted])).toEqual([window, restarted]);
    expect(startDeadlines([evidenceBuyer], [evidenceSeller])).toEqual([evidenceBuyer, evidenceSeller]);
    const running = [seller];
    expect(startDeadlines(running, [])).toBe(running);
  });

  it('stopDeadlines removes every deadline of the given kinds', () => {
    expect(stopDeadlines([seller, window, evidenceBuyer, evidenceSeller], ['EVIDENCE_REQUEST', 'SELLER_RESPONSE'])).toEqual([window]);
    const running = [seller];
    expect(stopDeadlines(running, [])).toBe(running);
  });

  it('stopDeadlineSlot removes one slot only', () => {
    expect(stopDeadlineSlot([evidenceBuyer, evidenceSeller, window], 'EVIDENCE_REQUEST', 'seller')).toEqual([evidenceBuyer, window]);
    expect(stopDeadlineSlot([seller, window], 'SELLER_RESPONSE', undefined)).toEqual([window]);
  });
});
