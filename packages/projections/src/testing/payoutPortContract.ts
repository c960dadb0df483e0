import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';
import type { PayoutPort } from '../reactors/payoutPort';

/** The payout adapter a contract run checks, and what the run may ask of the service behind it. */
export interface PayoutPortUnderTest {
  /** Makes an adapter instance (each call a new one, as after a restart): keys must hold across them. */
  readonly connect: () => PayoutPort | Promise<PayoutPort>;
  /** How many holds or releases the service did under an idempotency key (from its ledger or sandbox API). */
  readonly movementsFor: (idempotencyKey: string) => Promise<number> | number;
  /** The amount held in the checks (default 1.00 USD). */
  readonly amount?: Money;
  /** Prefix of every key the run uses, unique per run (default a random one). */
  readonly keyPrefix?: string;
}

/** One check of the payout contract and how it went. */
export interface PayoutPortCheck {
  readonly name: string;
  readonly outcome: 'passed' | 'failed';
  readonly detail?: string;
}

/** The result of a payout contract run: `passed` when no check failed. */
export interface PayoutPortContractResult {
  readonly passed: boolean;
  readonly checks: ReadonlyArray<PayoutPortCheck>;
}

type Check = (subject: PayoutPortUnderTest, key: (name: string) => string, amount: Money) => Promise<string | undefined>;

const onceFor = async (subject: PayoutPortUnderTest, key: string): Promise<string | undefined> => {
  const count = await subject.movementsFor(key);
  return count === 1 ? undefined : `the service did ${count} movements under ${key}, not 1`;
};

const checks: ReadonlyArray<readonly [string, Check]> = [
  [
    'a repeated hold key answers the first reference and holds once',
    async (subject, key, amount) => {
      const port = await subject.connect();
      const request = { idempotencyKey: key('hold'), disputeId: key('d'), sellerId: 'seller-contract', amount };
      const first = await port.hold(request);
      const second = await port.hold(request);
      if (E.isLeft(first) || E.isLeft(second)) return 'a hold was not done';
      if (first.right.reference !== second.right.reference) return `the repeat answered ${second.right.reference}, not ${first.right.reference}`;
      return onceFor(subject, key('hold'));
    },
  ],
  [
    'the keys hold across a restart (a new adapter instance)',
    async (subject, key, amount) => {
      const request = { idempotencyKey: key('release'), disputeId: key('d2'), amount, consumed: { ...amount, amount: 0 } as Money };
      const first = await (await subject.connect()).release(request);
      const second = await (await subject.connect()).release(request);
      if (E.isLeft(first) || E.isLeft(second)) return 'a release was not done';
      return onceFor(subject, key('release'));
    },
  ],
  [
    'concurrent calls with one key do it once',
    async (subject, key, amount) => {
      const port = await subject.connect();
      const request = { idempotencyKey: key('concurrent'), disputeId: key('d3'), sellerId: 'seller-contract', amount };
      await Promise.all([port.hold(request), port.hold(request), port.hold(request)]);
      return onceFor(subject, key('concurrent'));
    },
  ],
];

/**
 * Checks a `PayoutPort` adapter against the contract the payout reactor relies on: holds and
 * releases happen once per idempotency key, across repeats, restarts and concurrent calls.
 */
export const checkPayoutPortContract = async (subject: PayoutPortUnderTest): Promise<PayoutPortContractResult> => {
  const prefix = subject.keyPrefix ?? `contract-${Math.random().toString(36).slice(2, 10)}`;
  const amount = subject.amount ?? ({ amount: 100, currency: 'USD' } as Money);
  const results: PayoutPortCheck[] = [];
  for (const [name, check] of checks) {
    let detail: string | undefined;
    try {
      detail = await check(subject, (n) => `${prefix}:${name.length}:${n}`, amount);
    } catch (error: unknown) {
      detail = `it threw (${error instanceof Error ? error.message : String(error)})`;
    }
    results.push(detail === undefined ? { name, outcome: 'passed' } : { name, outcome: 'failed', detail });
  }
  return { passed: results.every((c) => c.outcome === 'passed'), checks: results };
};
