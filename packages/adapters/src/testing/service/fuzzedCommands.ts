import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { createDisputeService, createLogVerifier, type EventStore } from '@disputekit/core';
import { hostileCommands, hostileScenarioArb } from '@disputekit/core/testing';
import { runsFor } from '../../testRun';

/** Fuzzed commands sent through the service: a smaller run by default, 20,000 with `DISPUTEKIT_FULL_RUNS=1`. */
export const fuzzedCommandCount = (): number => runsFor(2_000, 20_000);

type Json = Record<string, unknown>;

/** One way of spoiling a command: replace, delete or retype a field, or send something that is no command at all. */
const mutationArb: fc.Arbitrary<(command: Json) => unknown> = fc.oneof(
  fc.tuple(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.anything({ maxDepth: 2 }), fc.constantFrom(NaN, Infinity, -0, 1e308, -1, 2 ** 53, '', ' ', '\uD800', null))).map(
    ([index, value]) =>
      (command: Json) => {
        const keys = Object.keys(command);
        return { ...command, [keys[index % keys.length]!]: value };
      },
  ),
  fc.nat().map((index) => (command: Json) => {
    const keys = Object.keys(command);
    const { [keys[index % keys.length]!]: _dropped, ...rest } = command;
    return rest;
  }),
  fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })).map(([index, value]) => (command: Json) => {
    // Deep inside: the order, the actor, the evidence, the amount.
    const nested = Object.entries(command).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v));
    if (nested.length === 0) return command;
    const [key, inner] = nested[index % nested.length]!;
    const innerKeys = Object.keys(inner as Json);
    return { ...command, [key]: { ...(inner as Json), [innerKeys[index % Math.max(1, innerKeys.length)] ?? 'x']: value } };
  }),
  fc.constantFrom('OpenDispute', 'MakeProposal', 'IssueRefund', 'ExpireDeadline', 'Nope', '__proto__').map((type) => (command: Json) => ({ ...command, type })),
  fc.constant((command: Json) => JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"type":${JSON.stringify(command["type"] ?? null)}}`) as unknown),
  fc.constant((command: Json) => ({ ...command, extra: 'field' })),
  fc.constantFrom(null, undefined, 42, 'OpenDispute', [], [{}], true).map((value) => () => value),
);

/** A scenario's commands, each spoiled by 0–3 mutations with probability `spoil`. */
const fuzzedBatchArb = fc.tuple(hostileScenarioArb('FUZZ000000'), fc.array(fc.array(mutationArb, { maxLength: 3 }), { minLength: 6, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }));

/** What the fuzzing saw. */
export interface FuzzReport {
  readonly sent: number;
  /** `handle` threw or rejected (must be 0). */
  readonly threw: number;
  readonly accepted: number;
  /** Problems the log verifier found in the stored log, read back by a fresh store (must be none). */
  readonly findings: ReadonlyArray<string>;
  readonly corruptEvents: number;
  readonly storedEvents: number;
  readonly refused: Record<string, number>;
}

/**
 * Sends `count` fuzzed commands (hostile scenarios, their commands spoiled at random) through the
 * service on `store`, then reads the whole log back through `fresh()` and verifies it: nothing may
 * throw, and every stored event must be readable (no corrupt event, no broken chain, no rule broken).
 */
export const fuzzTheService = async (store: EventStore, fresh: () => Promise<EventStore>, count: number, seed: number): Promise<FuzzReport> => {
  const service = createDisputeService({ store, backoff: () => 0 });
  let sent = 0;
  let threw = 0;
  let accepted = 0;
  let batch = 0;
  const refused: Record<string, number> = {};
  const rounds = fc.sample(fuzzedBatchArb, { numRuns: Math.ceil(count / 3), seed });
  for (const [generated, mutations, spoil] of rounds) {
    if (sent >= count) break;
    const tag = `z${(batch += 1).toString(36).padStart(9, '0')}`;
    const scenario = JSON.parse(JSON.stringify(generated).replaceAll('FUZZ000000', tag)) as typeof generated;
    const commands = hostileCommands(scenario);
    for (const [index, command] of commands.entries()) {
      if (sent >= count) break;
      const spoilers = index / commands.length < spoil ? (mutations[index % mutations.length] ?? []) : [];
      const input = spoilers.reduce<unknown>((value, mutate) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? mutate(value as Json) : value), command);
      sent += 1;
      try {
        const result = await service.handle(input);
        if (E.isRight(result)) accepted += 1;
        else refused[result.left._tag] = (refused[result.left._tag] ?? 0) + 1;
      } catch {
        threw += 1;
      }
    }
  }
  const reader = await fresh();
  try {
    const verifier = createLogVerifier();
    let after = 0;
    for (;;) {
      const page = await reader.readAll({ after, maxCount: 1_000 });
      if (E.isLeft(page)) throw new Error(`the stored log cannot be read back: ${page.left.message}`);
      if (page.right.length === 0) break;
      for (const event of page.right) verifier.push(event);
      after = page.right[page.right.length - 1]!.globalPosition;
    }
    const verdict = verifier.finish();
    return { sent, threw, accepted, findings: verdict.findings.map((f) => f.message), corruptEvents: verdict.corruptEvents, storedEvents: verdict.events, refused };
  } finally {
    await reader.close();
  }
};
