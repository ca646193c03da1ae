import { defineHttpError } from '@contract-events/runtime';

/**
 * 422 `unknown_user`: the order names a user this service has not heard of (yet). The order service's
 * own HTTP error code; the runtime's HTTP kit answers the shared ones (not_found, validation_failed, ...).
 */
export const unknownUser = defineHttpError('unknown_user', 422);
