import * as t from 'io-ts/lib/index.js';
import { hintJsonSchema } from '../codecs/jsonSchemaHints';
import { arrayOf, literalUnion, refine, struct } from '../codecs/struct';
import { PositiveDuration } from './duration';

/** Who pays a refund when no rule and no mediator says otherwise. */
export const LiabilityParty = literalUnion('LiabilityParty', ['SELLER', 'PLATFORM'] as const);
/** Who pays a refund by default. */
export type LiabilityParty = t.TypeOf<typeof LiabilityParty>;

/**
 * When the platform covers a refund its mediator rules for the buyer, under a `SELLER` default:
 * - `LATE_RULING`: the ruling came later than `rulingDueAfter` after the dispute went to mediation
 *   (the platform missed its own promise to the seller);
 * - `DELIVERY_PROVEN`: the buyer said the item never arrived, the order records its delivery, and the
 *   seller gave tracking evidence before the escalation — the ruling goes against the seller's proof.
 * Neither applies when the seller let one of its own deadlines pass (`SELLER_RESPONSE`,
 * `RETURN_RECEIPT`, an evidence request to the seller): a silent seller pays.
 */
export const PlatformCoverRule = literalUnion('PlatformCoverRule', ['LATE_RULING', 'DELIVERY_PROVEN'] as const);
/** When the platform covers a refund its mediator rules. */
export type PlatformCoverRule = t.TypeOf<typeof PlatformCoverRule>;

const LiabilityPolicyShape = struct(
  'LiabilityPolicy',
  { default: LiabilityParty, platformCoversWhen: arrayOf(PlatformCoverRule, 'Array<PlatformCoverRule>', 2) },
  {
    /** How long after the escalation a ruling is on time; required by `LATE_RULING`. */
    rulingDueAfter: PositiveDuration,
  },
);

const consistent = (p: t.TypeOf<typeof LiabilityPolicyShape>): boolean =>
  new Set(p.platformCoversWhen).size === p.platformCoversWhen.length && (!p.platformCoversWhen.includes('LATE_RULING') || p.rulingDueAfter !== undefined);

/**
 * Who pays the refunds of disputes under a policy: the default party, and the rules under which the
 * platform covers a refund its mediator rules (each rule at most once; `LATE_RULING` needs
 * `rulingDueAfter`). A mediator may still set the split in the ruling. Absent in policies stored
 * before it existed: `{ default: 'SELLER', platformCoversWhen: [] }` (`liabilityPolicyOf`).
 */
export const LiabilityPolicy = hintJsonSchema(
  refine(
    LiabilityPolicyShape,
    consistent,
    'LiabilityPolicy',
    'a liability policy naming each rule once, with rulingDueAfter when LATE_RULING is listed',
  ),
  (schemaOf) => schemaOf(LiabilityPolicyShape),
);
/** Who pays the refunds of disputes under a policy. */
export type LiabilityPolicy = t.TypeOf<typeof LiabilityPolicyShape>;

/** The liability rules of a policy; one stored before they existed puts every refund on the seller. */
export const liabilityPolicyOf = (policy: { readonly liability?: LiabilityPolicy | undefined }): LiabilityPolicy =>
  policy.liability ?? { default: 'SELLER', platformCoversWhen: [] };
