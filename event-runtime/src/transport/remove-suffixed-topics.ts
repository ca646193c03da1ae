import type { EventTransport } from './types';

/**
 * Deletes the topics named `<name>_<suffix>` and their dead-letter topics (`<name>_<suffix>.dlq`):
 * what a test or a bench run created under its random suffix.
 */
export async function removeSuffixedTopics(transport: EventTransport, suffix: string): Promise<void> {
  const admin = await transport.admin();
  try {
    const ours = (await admin.listTopics()).filter(
      (t) => t.endsWith(`_${suffix}`) || t.endsWith(`_${suffix}.dlq`),
    );
    if (ours.length > 0) await admin.deleteTopics(ours);
  } finally {
    await admin.disconnect();
  }
}
