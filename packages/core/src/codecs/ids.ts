import * as t from 'io-ts/lib/index.js';
import { isWellFormedText } from './wellFormed';

const MAX_ID_LENGTH = 200;
/**
 * Characters an id may not hold: C0 and C1 controls and DEL, line and paragraph separators,
 * bidirectional embeddings, overrides and isolates, and the byte-order mark. Ids are printed in
 * logs, terminals and URLs, where these would hide or reorder what follows.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const isIdText = (u: unknown): u is string =>
  typeof u === 'string' && u.length > 0 && u.length <= MAX_ID_LENGTH && u.trim() === u && !CONTROL_CHARACTERS.test(u) && isWellFormedText(u);

/**
 * Builds a branded identifier codec: a non-empty string of at most 200 characters (UTF-16 code
 * units), well-formed (no lone surrogate), with no surrounding spaces and no control characters. Brands keep a `DisputeId` from being passed where
 * an `OrderId` is expected.
 */
export const idCodec = <B extends string>(name: B) =>
  new t.Type<string & { readonly [K in B]: true }, string, unknown>(
    name,
    (u): u is string & { readonly [K in B]: true } => isIdText(u),
    (u, c) =>
      isIdText(u)
        ? t.success(u as string & { readonly [K in B]: true })
        : t.failure(u, c, `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name} (1–${MAX_ID_LENGTH} characters, no surrounding spaces or control characters)`),
    t.identity,
  );

/** Identifies one dispute; its stream is `dispute-{disputeId}`. */
export const DisputeId = idCodec('DisputeId');
/** Identifies one dispute. */
export type DisputeId = t.TypeOf<typeof DisputeId>;
/** The marketplace's order id. */
export const OrderId = idCodec('OrderId');
/** The marketplace's order id. */
export type OrderId = t.TypeOf<typeof OrderId>;
/** A user of the marketplace: buyer, seller, mediator, or the system's own name. */
export const UserId = idCodec('UserId');
/** A user of the marketplace. */
export type UserId = t.TypeOf<typeof UserId>;
/** Unique per command; a repeated command id is applied once (idempotency). */
export const CommandId = idCodec('CommandId');
/** Unique per command. */
export type CommandId = t.TypeOf<typeof CommandId>;
/** Identifies one proposal (the buyer's opening request is one too). */
export const ProposalId = idCodec('ProposalId');
/** Identifies one proposal. */
export type ProposalId = t.TypeOf<typeof ProposalId>;
/** Identifies one piece of evidence metadata. */
export const EvidenceId = idCodec('EvidenceId');
/** Identifies one piece of evidence metadata. */
export type EvidenceId = t.TypeOf<typeof EvidenceId>;
/** Any other identifier (messages, rulings, requests, refunds, gateway references). */
export const Identifier = idCodec('Identifier');
/** Any other identifier. */
export type Identifier = t.TypeOf<typeof Identifier>;
