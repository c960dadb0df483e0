import { parseInstantMillis } from '../codecs/instant';
import type { AuditRecord } from './auditRecords';

const atOf = (record: AuditRecord): number | undefined => {
  const data = record.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const at = (data as Record<string, unknown>)['at'];
  return typeof at === 'string' ? parseInstantMillis(at) : undefined;
};

/**
 * The history as it stood at `instant`: the events up to, not including, the first one dated (its
 * domain `at`) later than `instant`. Events carry the instant of the command that caused them and
 * never go back in time (T1), so this is the prefix a reader would have seen then. An event whose
 * `at` cannot be read stays in the prefix when it comes before the cut. Returns `undefined` when
 * `instant` is not an ISO-8601 instant.
 */
export const asOf = <R extends AuditRecord>(records: ReadonlyArray<R>, instant: string): ReadonlyArray<R> | undefined => {
  const cut = parseInstantMillis(instant);
  if (cut === undefined) return undefined;
  const end = records.findIndex((record) => {
    const at = atOf(record);
    return at !== undefined && at > cut;
  });
  return end === -1 ? records : records.slice(0, end);
};
