import type { Instant } from '../../codecs/instant';
import type { BusinessCalendar } from '../../policy/businessCalendar';
import type { OpenedDispute } from '../state';
import type { Role } from '../vocabulary';

/** What every action rule looks at: the dispute, who asks (already checked to be who they say), and when. */
export interface ActionContext {
  readonly state: OpenedDispute;
  readonly role: Role;
  readonly at: Instant;
  readonly calendar: BusinessCalendar;
}

/** The three statuses in which proposals are made, accepted and rejected. */
export const negotiable = (s: OpenedDispute): boolean =>
  !s.settled && (s.status === 'AWAITING_SELLER' || s.status === 'AWAITING_BUYER' || s.status === 'UNDER_MEDIATION');
