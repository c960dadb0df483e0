import { createLogVerifier, type ChainedEvent, type ChainHashedPage, type ChainHead, type LogVerification, type LogVerifier } from '@disputekit/core';
import type { UnreadableLine } from './historyFile';
import type { Progress } from './progress';
import type { UnreadableEvent } from './readLog';

/** The outcome of verifying a log, from a store or a file. */
export interface VerifyOutcome {
  readonly verification: LogVerification;
  /** Lines of a history file that are not events (the first 1,000; always empty for a store). */
  readonly unreadableLines: ReadonlyArray<UnreadableLine>;
  /** How many lines were unreadable in all. */
  readonly unreadableCount: number;
  readonly seconds: number;
  /** The verifier, for its heads (`--save-heads`). */
  readonly verifier: LogVerifier;
}

/**
 * Whether there was nothing to check: no event, no unreadable line or event, no finding (an empty
 * store checked against saved heads is not empty: the heads' streams are missing). Reported as
 * empty, with its own exit status, never as clean.
 */
export const isEmptyOutcome = (outcome: VerifyOutcome): boolean =>
  outcome.verification.events === 0 && outcome.unreadableCount === 0 && outcome.verification.findings.length === 0 && outcome.verification.findingsOmitted === 0;

/** Where the events come from: pages of the global log, and a way to read a few streams again for M5. */
export interface LogSource {
  /**
   * Pages of events (or of events with their chain hashes computed where they were read); a line of
   * a file that is not an event; an event the store cannot read back.
   */
  readonly pages: AsyncIterable<ReadonlyArray<ChainedEvent> | ChainHashedPage | { readonly unreadable: UnreadableLine } | UnreadableEvent>;
  /** Reads the given streams in full (the disputes of orders that had several). */
  readonly readStreams: (streamIds: ReadonlyArray<string>) => Promise<ReadonlyMap<string, ReadonlyArray<ChainedEvent>>>;
}

/**
 * Verifies a whole log in one streaming pass (chains, decoding, rules: `createLogVerifier`), then
 * checks rule M5 over the orders that had several disputes by reading just those streams again.
 * Memory holds one page, the verifier's per-stream state and those few streams.
 */
export const verifyLog = async (source: LogSource, options: { readonly heads?: ReadonlyArray<ChainHead>; readonly progress: Progress; readonly maxFindings?: number }): Promise<VerifyOutcome> => {
  const started = process.hrtime.bigint();
  const verifier = createLogVerifier({
    ...(options.heads === undefined ? {} : { heads: options.heads }),
    ...(options.maxFindings === undefined ? {} : { maxFindings: options.maxFindings }),
  });
  const unreadableLines: UnreadableLine[] = [];
  let unreadableCount = 0;
  for await (const page of source.pages) {
    if ('unreadable' in page) {
      if (unreadableCount++ < 1_000) unreadableLines.push(page.unreadable);
      continue;
    }
    if ('unreadableEvent' in page) {
      verifier.unreadable(page.unreadableEvent, page.why);
      continue;
    }
    if ('chainHashes' in page) {
      const { events, chainHashes } = page;
      for (let i = 0; i < events.length; i++) verifier.push(events[i]!, chainHashes[i] ?? undefined);
    } else for (const event of page) verifier.push(event);
    options.progress.update(verifier.count);
  }
  const orders = verifier.ordersWithSeveralDisputes();
  if (orders.length > 0) {
    const streams = await source.readStreams(orders.flatMap((order) => order.streamIds));
    for (const order of orders) verifier.checkOrders(order.orderId, order.streamIds.map((id) => streams.get(id) ?? []));
  }
  const verification = verifier.finish();
  options.progress.done();
  return { verification, unreadableLines, unreadableCount, seconds: Number(process.hrtime.bigint() - started) / 1e9, verifier };
};
