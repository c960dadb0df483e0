import * as E from 'fp-ts/lib/Either.js';
import type { Money } from '@disputekit/core';
import type { PaymentGateway, RefundNotPaid, RefundPaid, RefundRequest } from '../reactors/paymentGateway';

/** The adapter a contract run checks, and what the run may ask of the provider behind it. */
export interface PaymentGatewayUnderTest {
  /**
   * Makes an adapter instance talking to the provider (a sandbox). Each call is a new instance, as
   * after a restart of the process: the contract checks that idempotency keys hold across them.
   */
  readonly connect: () => PaymentGateway | Promise<PaymentGateway>;
  /**
   * How many payouts the provider holds for an idempotency key (from its ledger or sandbox API).
   * Without it the contract can only compare answers, not the money that moved.
   */
  readonly payoutsFor?: (idempotencyKey: string) => Promise<number> | number;
  /**
   * A request the provider refuses for good (say, an amount its sandbox always declines), to check
   * that a refusal is reported as `RefundNotPaid` with a code. Without it that check is skipped.
   */
  readonly declinedRequest?: (idempotencyKey: string) => RefundRequest;
  /** The amount to refund in the checks (default 1.00 USD, as `{ amount: 100, currency: 'USD' }`). */
  readonly amount?: Money;
  /** Prefix of every idempotency key the run uses, unique per run (default a random one). */
  readonly keyPrefix?: string;
}

/** One check of the contract and how it went. */
export interface PaymentGatewayCheck {
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  /** What went wrong (failed), or why it did not run (skipped). */
  readonly detail?: string;
}

/** The result of a contract run: `passed` when no check failed. */
export interface PaymentGatewayContractResult {
  readonly passed: boolean;
  readonly checks: ReadonlyArray<PaymentGatewayCheck>;
}

class Broken extends Error {}

type Answer = E.Either<RefundNotPaid, RefundPaid>;

/** Calls the port as the refund processor does; a throw or a malformed answer breaks the contract. */
const call = async (gateway: PaymentGateway, request: RefundRequest): Promise<Answer> => {
  let answer: unknown;
  try {
    answer = await gateway.refund(request);
  } catch (error) {
    throw new Broken(`refund() threw (${error instanceof Error ? error.message : String(error)}); the port reports failures as Left(RefundNotPaid)`);
  }
  const a = answer as { _tag?: unknown; left?: { _tag?: unknown; code?: unknown; retryable?: unknown }; right?: { _tag?: unknown; gatewayReference?: unknown } } | null;
  if (a?._tag === 'Right' && a.right?._tag === 'RefundPaid' && typeof a.right.gatewayReference === 'string' && a.right.gatewayReference.length > 0) return answer as Answer;
  if (a?._tag === 'Left' && a.left?._tag === 'RefundNotPaid' && typeof a.left.code === 'string' && a.left.code.length > 0 && typeof a.left.retryable === 'boolean') return answer as Answer;
  throw new Broken(`refund() answered ${JSON.stringify(answer)}: expected Right(RefundPaid with a gatewayReference) or Left(RefundNotPaid with a code and retryable)`);
};

const paidReference = (answer: Answer, what: string): string => {
  if (E.isLeft(answer)) throw new Broken(`${what}: the gateway did not pay (${answer.left.code}, retryable ${String(answer.left.retryable)})`);
  return answer.right.gatewayReference;
};

/** What the contract's checks share: the adapter under test, the key prefix of this run and the amount. */
interface GatewayContractContext {
  readonly subject: PaymentGatewayUnderTest;
  readonly prefix: string;
  readonly amount: Money;
}

const request = (ctx: GatewayContractContext, name: string, money: Money = ctx.amount): RefundRequest => ({
  idempotencyKey: `dispute:${ctx.prefix}-${name}:refund`,
  amount: money,
  disputeId: `${ctx.prefix}-${name}`,
});

const payouts = async (ctx: GatewayContractContext, key: string): Promise<number | undefined> =>
  ctx.subject.payoutsFor === undefined ? undefined : await ctx.subject.payoutsFor(key);

const expectOnePayout = async (ctx: GatewayContractContext, key: string, what: string): Promise<void> => {
  const n = await payouts(ctx, key);
  if (n !== undefined && n !== 1) throw new Broken(`${what}: the provider holds ${n} payouts for key ${key}, expected exactly 1`);
};

/** One check of the contract; `skipWhy` says why it cannot run against this subject, if so. */
interface GatewayCheck {
  readonly name: string;
  readonly body: (ctx: GatewayContractContext) => Promise<void>;
  readonly skipWhy?: (subject: PaymentGatewayUnderTest) => string | undefined;
}

const paysARefund: GatewayCheck = {
  name: 'pays a refund and answers RefundPaid with a gateway reference',
  body: async (ctx) => {
    const r = request(ctx, 'pays');
    paidReference(await call(await ctx.subject.connect(), r), 'a first refund');
    await expectOnePayout(ctx, r.idempotencyKey, 'a first refund');
  },
};

const repeatedKey: GatewayCheck = {
  name: 'a repeated idempotency key answers the first payout and pays nothing more',
  body: async (ctx) => {
    const gateway = await ctx.subject.connect();
    const r = request(ctx, 'repeat');
    const first = paidReference(await call(gateway, r), 'the first call');
    const second = paidReference(await call(gateway, r), 'the repeat');
    if (second !== first) throw new Broken(`the repeat answered reference ${second}, the first call ${first}: a second payout?`);
    await expectOnePayout(ctx, r.idempotencyKey, 'a repeated key');
  },
};

const keyAcrossRestart: GatewayCheck = {
  name: 'the key holds across a restart (a new adapter instance)',
  body: async (ctx) => {
    const r = request(ctx, 'restart');
    const first = paidReference(await call(await ctx.subject.connect(), r), 'before the restart');
    const again = paidReference(await call(await ctx.subject.connect(), r), 'after the restart');
    if (again !== first) throw new Broken(`after a restart the key answered reference ${again}, before it ${first}: a second payout?`);
    await expectOnePayout(ctx, r.idempotencyKey, 'across a restart');
  },
};

const concurrentCalls: GatewayCheck = {
  name: 'concurrent calls with one key pay once',
  body: async (ctx) => {
    const r = request(ctx, 'concurrent');
    const [a, b] = [await ctx.subject.connect(), await ctx.subject.connect()];
    const answers = await Promise.all([call(a, r), call(b, r), call(a, r)]);
    const references = new Set(answers.filter(E.isRight).map((x) => x.right.gatewayReference));
    if (references.size > 1) throw new Broken(`concurrent calls with one key answered ${references.size} different references`);
    await expectOnePayout(ctx, r.idempotencyKey, 'concurrent calls');
  },
};

const keyWithAnotherAmount: GatewayCheck = {
  name: 'the same key with another amount is not paid again',
  body: async (ctx) => {
    const gateway = await ctx.subject.connect();
    const r = request(ctx, 'reused');
    const first = paidReference(await call(gateway, r), 'the first call');
    const other = await call(gateway, { ...r, amount: { ...ctx.amount, amount: ctx.amount.amount + 1 } as Money });
    if (E.isRight(other) && other.right.gatewayReference !== first) throw new Broken(`the key with another amount was paid again (reference ${other.right.gatewayReference})`);
    if (E.isLeft(other) && other.left.retryable) throw new Broken(`the key with another amount was refused as retryable (${other.left.code}): retrying can never succeed`);
    await expectOnePayout(ctx, r.idempotencyKey, 'a key reused with another amount');
  },
};

const distinctKeys: GatewayCheck = {
  name: 'distinct keys are distinct payouts',
  body: async (ctx) => {
    const gateway = await ctx.subject.connect();
    const [a, b] = [request(ctx, 'distinct-a'), request(ctx, 'distinct-b')];
    const ra = paidReference(await call(gateway, a), 'the first key');
    const rb = paidReference(await call(gateway, b), 'the second key');
    if (ra === rb) throw new Broken(`two keys answered the same reference ${ra}`);
    await expectOnePayout(ctx, a.idempotencyKey, 'the first key');
    await expectOnePayout(ctx, b.idempotencyKey, 'the second key');
  },
};

const refusal: GatewayCheck = {
  name: 'a refusal is reported as RefundNotPaid with a code, and pays nothing',
  body: async (ctx) => {
    const r = ctx.subject.declinedRequest!(`dispute:${ctx.prefix}-declined:refund`);
    const answer = await call(await ctx.subject.connect(), r);
    if (E.isRight(answer)) throw new Broken(`the request that must be declined was paid (reference ${answer.right.gatewayReference})`);
    const n = await payouts(ctx, r.idempotencyKey);
    if (n !== undefined && n !== 0) throw new Broken(`a declined refund left ${n} payouts`);
  },
  skipWhy: (subject) => (subject.declinedRequest === undefined ? 'no declinedRequest given' : undefined),
};

const gatewayChecks: ReadonlyArray<GatewayCheck> = [paysARefund, repeatedKey, keyAcrossRestart, concurrentCalls, keyWithAnotherAmount, distinctKeys, refusal];

const runCheck = async (ctx: GatewayContractContext, check: GatewayCheck): Promise<PaymentGatewayCheck> => {
  const skipWhy = check.skipWhy?.(ctx.subject);
  if (skipWhy !== undefined) return { name: check.name, outcome: 'skipped', detail: skipWhy };
  try {
    await check.body(ctx);
    return { name: check.name, outcome: 'passed' };
  } catch (error) {
    return { name: check.name, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
};

/**
 * Runs the payment-gateway contract against an adapter of the `PaymentGateway` port: what the
 * refund processor relies on for exactly-once payment. Checks that the adapter pays and answers
 * with a reference; that a repeated idempotency key answers the first payout and pays nothing more,
 * from the same instance, from a new instance (a restart) and from concurrent calls; that the same
 * key with another amount is not paid again; that distinct keys are distinct payouts; that a refusal
 * is a `RefundNotPaid` with a code; and that it never throws. Framework-free: assert on `passed`
 * (and print `checks`) in any test runner. Use a sandbox account: it moves (test) money.
 */
export const checkPaymentGatewayContract = async (subject: PaymentGatewayUnderTest): Promise<PaymentGatewayContractResult> => {
  const ctx: GatewayContractContext = {
    subject,
    prefix: subject.keyPrefix ?? `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    amount: subject.amount ?? ({ amount: 100, currency: 'USD' } as Money),
  };
  const checks: PaymentGatewayCheck[] = [];
  for (const check of gatewayChecks) checks.push(await runCheck(ctx, check));
  return { passed: checks.every((c) => c.outcome !== 'failed'), checks };
};
