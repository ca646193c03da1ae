import { EventSystemError } from '@contract-events/contracts';

/** The typed error `promise` rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<EventSystemError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof EventSystemError) return err;
    throw err;
  }
  throw new Error('expected the promise to reject');
}
