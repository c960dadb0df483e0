import type { DisputeEvent } from '../events';
import { report, type Audit } from './audit';
import { isEventType, isRecord, isVersioned, isWellFormed, rawEventOf } from './entries';
import { checkMoneyFields } from './money';

/** The stream rule S1, as far as the entries go: versions run 1..n without gaps, and each entry is a well-formed dispute event. */

/** S1: a versioned entry has the version after the one before it. */
const checkVersion = (audit: Audit, entry: unknown, index: number): void => {
  if (!isVersioned(entry)) {
    audit.expectedVersion += 1;
    return;
  }
  if (entry.version !== audit.expectedVersion) {
    report(audit, 'S1', `The event at position ${index} has version ${String(entry.version)}, not ${audit.expectedVersion}; versions must run 1..n without gaps.`, index);
  }
  // After a wrong version, go on from the one seen, so that one gap is reported once, not at every later event.
  audit.expectedVersion = (typeof entry.version === 'number' && Number.isSafeInteger(entry.version) ? entry.version : audit.expectedVersion) + 1;
};

/**
 * Reads one history entry (S1, and M2 on its money fields): returns its event when it is a
 * well-formed dispute event, or undefined when it is not (reported, unless money problems explain it).
 */
export const readEntry = (audit: Audit, entry: unknown, index: number): DisputeEvent | undefined => {
  checkVersion(audit, entry, index);
  const raw = rawEventOf(entry);
  const type = isRecord(raw) ? raw.type : undefined;
  if (!isRecord(raw) || !isEventType(type)) {
    report(audit, 'S1', `The entry at position ${index} is not a dispute event (type ${JSON.stringify(type) ?? 'missing'}).`, index);
    return undefined;
  }
  const moneyProblems = checkMoneyFields(audit, type, raw, index);
  if (!isWellFormed(type, raw)) {
    if (moneyProblems === 0) report(audit, 'S1', `The ${type} at position ${index} is not well-formed.`, index);
    return undefined;
  }
  return raw;
};
