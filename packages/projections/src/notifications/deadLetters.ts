import type { Notification } from './notification';

/** A notification given up on after its last attempt. */
export interface DeadLetter {
  readonly notification: Notification;
  readonly attempts: number;
  readonly lastError: string;
}

/**
 * Where a kept dead letter stands: `dead` (given up on, waiting for you) or `requeued` (you asked
 * for it to be sent again: the reactor re-drives it at its next tick).
 */
export type DeadLetterStatus = 'dead' | 'requeued';

/** A dead letter as the notification reactor keeps it. */
export interface StoredDeadLetter extends DeadLetter {
  /** When it was (last) given up on, ISO-8601 from the reactor's clock. */
  readonly deadLetteredAt: string;
  readonly status: DeadLetterStatus;
}

/** Which dead letters to list: all (default), or those of one status; oldest first, at most `limit`. */
export interface DeadLetterQuery {
  readonly status?: DeadLetterStatus;
  readonly limit?: number;
}

/**
 * One write of the notification reactor's state, applied in one transaction where the store allows:
 * move the checkpoint to `position` (when given), keep `deadLetters` with status `dead` (replacing a
 * letter with the same notification id), and remove the `redelivered` letters (by notification id).
 */
export interface NotificationCommit {
  readonly position?: number;
  readonly deadLetters?: ReadonlyArray<Omit<StoredDeadLetter, 'status'>>;
  readonly redelivered?: ReadonlyArray<string>;
}

const isJson = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

/** Why a notification commit is refused before anything is written, or `undefined` when it is fine. */
export const notificationCommitProblem = (commit: NotificationCommit): string | undefined => {
  if (commit.position !== undefined && (!Number.isSafeInteger(commit.position) || commit.position < 0)) {
    return `position must be a non-negative integer, got ${commit.position}`;
  }
  for (const [i, letter] of (commit.deadLetters ?? []).entries()) {
    const id: unknown = letter.notification?.notificationId;
    if (typeof id !== 'string' || id === '') return `deadLetters[${i}].notification.notificationId must be a non-empty string`;
    if (!Number.isSafeInteger(letter.attempts) || letter.attempts < 1) return `deadLetters[${i}] (${id}): attempts must be an integer ≥ 1, got ${letter.attempts}`;
    if (typeof letter.lastError !== 'string') return `deadLetters[${i}] (${id}): lastError must be a string`;
    if (!isJson(letter.notification)) return `deadLetters[${i}] (${id}): the notification must be plain JSON (no BigInt, function or cycle)`;
    if (typeof letter.deadLetteredAt !== 'string' || Number.isNaN(Date.parse(letter.deadLetteredAt))) {
      return `deadLetters[${i}] (${id}): deadLetteredAt must be an ISO-8601 instant, got ${String(letter.deadLetteredAt)}`;
    }
  }
  for (const [i, id] of (commit.redelivered ?? []).entries()) if (typeof id !== 'string' || id === '') return `redelivered[${i}] must be a non-empty notification id`;
  return undefined;
};

/** Why a dead-letter query is refused, or `undefined` when it is fine. */
export const deadLetterQueryProblem = (query: DeadLetterQuery): string | undefined => {
  if (query.status !== undefined && query.status !== 'dead' && query.status !== 'requeued') return `status must be 'dead' or 'requeued', got ${String(query.status)}`;
  if (query.limit !== undefined && (!Number.isSafeInteger(query.limit) || query.limit < 1)) return `limit must be an integer ≥ 1, got ${query.limit}`;
  return undefined;
};

/** Oldest first: by `deadLetteredAt`, then by notification id (code-unit order, as the SQL stores sort). */
export const deadLetterOrder = (a: StoredDeadLetter, b: StoredDeadLetter): number => {
  const at = a.deadLetteredAt < b.deadLetteredAt ? -1 : a.deadLetteredAt > b.deadLetteredAt ? 1 : 0;
  if (at !== 0) return at;
  const x = a.notification.notificationId;
  const y = b.notification.notificationId;
  return x < y ? -1 : x > y ? 1 : 0;
};
