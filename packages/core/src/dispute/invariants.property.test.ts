import * as fc from 'fast-check';
import { presetNames } from '../policy/presets';
import { historyArb, type GeneratedHistory, type PolicyOption } from '../testing/arbitraries';
import type { DisputeEvent } from './events';
import { checkHistory, type InvariantRule } from './invariants';

/**
 * checkHistory as an oracle: it must find nothing in the histories the decider produces (under
 * every preset and custom policies), and it must find something in histories mutated the ways a
 * store, an import or a person could damage them.
 */

const POLICIES: ReadonlyArray<PolicyOption> = [...presetNames, 'custom'];
const RUNS = 100;

const versioned = (events: ReadonlyArray<DisputeEvent>) => events.map((event, i) => ({ version: i + 1, event }));
const rulesOf = (entries: Iterable<unknown>): InvariantRule[] => checkHistory(entries as Iterable<DisputeEvent>).map((v) => v.rule);
/** A deep copy that shares nothing (as if read back from storage), so that tampering touches one event only. */
const clone = (events: ReadonlyArray<DisputeEvent>): DisputeEvent[] => JSON.parse(JSON.stringify(events)) as DisputeEvent[];
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
type Mutable = Record<string, unknown>;
const dataOf = (event: DisputeEvent): Mutable => event.data as unknown as Mutable;

/**
 * Skips histories with fewer than `min` events (nothing to mutate). `fc.pre`, not `filter`: with a
 * broken decider that records nothing, the run fails instead of searching forever.
 */
const atLeast = (h: GeneratedHistory, min: number): void => fc.pre(h.events.length >= min);

describe.each(POLICIES)('checkHistory under the %s policy', (policy) => {
  it('finds no violation in any history the decider produces from random commands of random actors', () => {
    fc.assert(
      fc.property(historyArb({ policy }), (h) => {
        expect(checkHistory(versioned(h.events))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('checkHistory detects damaged histories', () => {
  it('reports a dropped event (other than the last) in a versioned history (S1)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (h, k) => {
        atLeast(h, 2);
        const entries = versioned(h.events);
        entries.splice(k % (entries.length - 1), 1);
        expect(rulesOf(entries)).toContain('S1');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a duplicated event in a versioned history (S1)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (h, k) => {
        atLeast(h, 1);
        const entries = versioned(h.events);
        const i = k % entries.length;
        entries.splice(i + 1, 0, entries[i]!);
        expect(rulesOf(entries)).toContain('S1');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports two events swapped in a versioned history (S1)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.nat(), (h, a, b) => {
        atLeast(h, 2);
        const entries = versioned(h.events);
        const i = a % entries.length;
        const j = (i + 1 + (b % (entries.length - 1))) % entries.length;
        [entries[i], entries[j]] = [entries[j]!, entries[i]!];
        expect(rulesOf(entries)).toContain('S1');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a history whose opening was dropped (S1)', () => {
    fc.assert(
      fc.property(historyArb(), (h) => {
        atLeast(h, 2);
        expect(rulesOf(h.events.slice(1))).toContain('S1');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports an event recorded again anywhere later, even without versions (I1)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.nat(), (h, a, b) => {
        atLeast(h, 1);
        const events = clone(h.events);
        const i = a % events.length;
        const at = i + 1 + (b % (events.length - i));
        events.splice(at, 0, copy(events[i]!));
        expect(rulesOf(events)).toContain('I1');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports two events at different instants swapped, even without versions (T1)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.nat(), (h, a, b) => {
        atLeast(h, 2);
        const events = clone(h.events);
        const pairs: Array<[number, number]> = [];
        events.forEach((x, i) => events.forEach((y, j) => i < j && Date.parse(x.data.at) < Date.parse(y.data.at) && pairs.push([i, j])));
        fc.pre(pairs.length > 0);
        const [i, j] = pairs[(a + b) % pairs.length]!;
        [events[i], events[j]] = [events[j]!, events[i]!];
        // Events before the opening are not checked further: moving the opening is an S1 matter.
        expect(rulesOf(events)).toContain(i === 0 ? 'S1' : 'T1');
      }),
      { numRuns: RUNS },
    );
  });

  /** Events whose amount is bound by other events (an agreed, ruled, resolved, refunded or closing amount). */
  const settledAmount = (event: DisputeEvent): string | undefined => {
    switch (event.type) {
      case 'ProposalAccepted':
      case 'RefundIssued':
        return 'amount';
      case 'RulingIssued':
      case 'ReturnRequested':
      case 'Resolved':
        return 'refund';
      case 'DisputeClosed':
        return 'refunded';
      case 'DisputeOpened':
        return 'refundable';
      default:
        return undefined;
    }
  };

  it('reports a changed agreed, ruled, resolved, refunded or closing amount', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.integer({ min: 1, max: 1_000 }), fc.boolean(), (h, k, delta, down) => {
        atLeast(h, 1);
        const events = clone(h.events);
        const candidates = events.map((e, i) => [i, settledAmount(e)] as const).filter((c): c is readonly [number, string] => c[1] !== undefined);
        const [i, field] = candidates[k % candidates.length]!;
        const money = dataOf(events[i]!)[field] as { amount: number };
        money.amount = down && money.amount >= delta ? money.amount - delta : money.amount + delta;
        expect(rulesOf(events).filter((r) => ['M1', 'M2', 'M3', 'M4', 'S6'].includes(r))).not.toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  /** Every Money object of an event, as mutable references. */
  const moneyOf = (event: DisputeEvent): Array<{ currency: string }> => {
    const d = dataOf(event);
    const fields = ['amount', 'refund', 'refunded', 'requested', 'refundable'].map((f) => d[f]);
    const order = d.order as Mutable | undefined;
    if (order !== undefined) fields.push(order.paid, order.alreadyRefunded);
    return fields.filter((m): m is { currency: string } => typeof m === 'object' && m !== null && 'currency' in m);
  };

  it('reports any amount moved to another currency (M2)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (h, k) => {
        atLeast(h, 1);
        const events = clone(h.events);
        const all = events.flatMap(moneyOf);
        const money = all[k % all.length]!;
        money.currency = money.currency === 'CHF' ? 'NOK' : 'CHF';
        expect(rulesOf(events)).toContain('M2');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a party or mediator replaced by someone else (A1, A2)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (h, k) => {
        atLeast(h, 1);
        const events = clone(h.events);
        const candidates = events.map((e, i) => [i, e.data.by.role] as const).filter(([, role]) => role !== 'system');
        const [i, role] = candidates[k % candidates.length]!;
        const buyerId = h.events[0]!.type === 'DisputeOpened' ? h.events[0]!.data.order.buyerId : 'buyer';
        dataOf(events[i]!).by = role === 'mediator' ? { role, id: buyerId } : { role, id: 'intruder' };
        expect(rulesOf(events)).toContain(role === 'mediator' ? 'A1' : 'A2');
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a second RefundIssued injected after the first (M3)', () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), (h, k) => {
        fc.pre(h.events.some((e) => e.type === 'RefundIssued'));
        const events = clone(h.events);
        const i = events.findIndex((e) => e.type === 'RefundIssued');
        const second = copy(events[i]!);
        dataOf(second).commandId = `injected-${k}`;
        events.splice(i + 1 + (k % (events.length - i)), 0, second);
        expect(rulesOf(events)).toContain('M3');
      }),
      { numRuns: 50 },
    );
  });

  it('reports a RefundIssued injected while a chargeback was open, and a lost chargeback raised past what was disputed (M8)', () => {
    fc.assert(
      fc.property(historyArb({ policy: 'seed' }), fc.integer({ min: 1, max: 1_000 }), (h, delta) => {
        const i = h.events.findIndex((e) => e.type === 'ChargebackOpened');
        fc.pre(i >= 0);
        const events = clone(h.events);
        const opened = events[i]!;
        if (opened.type !== 'ChargebackOpened') return;
        const { deadlines: _none, provider: _provider, caseId: _case, dueBy: _dueBy, ...common } = copy(opened.data);
        const injected = { type: 'RefundIssued', data: { ...common, commandId: 'injected-refund', refundId: 'rf-x', gatewayReference: 'gw-x', idempotencyKey: `dispute:${opened.data.disputeId}:refund` } };
        const withRefund = [...events.slice(0, i + 1), injected, ...events.slice(i + 1)];
        expect(rulesOf(withRefund)).toContain('M8');
        const decided = events.find((e) => e.type === 'ChargebackDecided' && e.data.outcome === 'LOST');
        const ownOpening = decided?.type === 'ChargebackDecided' ? events.find((e) => e.type === 'ChargebackOpened' && e.data.caseId === decided.data.caseId) : undefined;
        if (decided !== undefined && ownOpening?.type === 'ChargebackOpened') {
          // Past the amount its own chargeback disputed.
          (dataOf(decided).amount as { amount: number }).amount = (ownOpening.data.amount.amount as number) + delta;
          expect(rulesOf(events)).toContain('M8');
        }
      }),
      { numRuns: 50 },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.array(fc.anything({ withNullPrototype: true, withMap: true })), (junk) => {
        expect(checkHistory(junk as DisputeEvent[]).length).toBeGreaterThanOrEqual(junk.length);
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(historyArb(), fc.nat(), fc.anything(), (h, k, value) => {
        atLeast(h, 1);
        const events = clone(h.events);
        const data = dataOf(events[k % events.length]!);
        const keys = Object.keys(data);
        data[keys[k % keys.length]!] = value;
        expect(() => checkHistory(events)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});
