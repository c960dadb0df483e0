import type { HandleError } from '@disputekit/core';

/** What the service's refusals and failures mean over HTTP. */
const STATUS_BY_TAG: Readonly<Record<string, number>> = {
  ValidationError: 400,
  // Someone else changed the same thing first, or it already exists: the request conflicts with the current state.
  ConcurrencyConflict: 409,
  OrderHasOpenDispute: 409,
  DuplicateEvent: 409,
  // The store is down: try again later.
  StoreUnavailable: 503,
  StoreClosed: 503,
  CorruptEvent: 500,
};

/**
 * The HTTP status of a `HandleError`: 400 for bad input (with every issue and its path), 409 for
 * a conflict with what exists, 503 when the store is down, 500 for a corrupt history, and 422 for
 * every process rule the command breaks (`CannotAcceptOwnProposal`, `OutsideProtectionWindow`…).
 */
export const statusOf = (error: HandleError): number => STATUS_BY_TAG[error._tag] ?? 422;

/** The JSON body of an error response: the tag, the sentence, and the issues of a validation error. */
export const errorBody = (error: HandleError): Record<string, unknown> =>
  error._tag === 'ValidationError' ? { error: error._tag, message: error.message, issues: error.issues } : { error: error._tag, message: error.message };
