import type { DisputeCommandInput } from '../dispute/commandInput/commandInput';
import type { DisputeService } from './disputeService';

/** The dispute service with `handle` typed: only well-formed command inputs compile (see `CommandInput`). */
export interface TypedDisputeService extends Omit<DisputeService, 'handle'> {
  handle(command: DisputeCommandInput): ReturnType<DisputeService['handle']>;
}

/**
 * The same service, typed for code that builds its own commands: `typed(service).handle({...})`
 * checks the literal at compile time. The identity at run time (the service still validates).
 */
export const typed = (service: DisputeService): TypedDisputeService => service;
