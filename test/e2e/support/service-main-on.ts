/**
 * A service's main as its own process on a test's own topics and subjects:
 *   node --import tsx test/e2e/support/service-main-on.ts <user-service|order-service> '<names JSON>'
 * where the JSON is `{ topicNames?, subjectNames? }`. The service's `main.ts` takes no such names (in
 * production they are the contracts'), so tests that must not disturb the real subjects start this.
 */
import { runServiceMain } from '@contract-events/runtime';
import { loadConfig as loadOrderConfig, orderService } from '@contract-events/order-service';
import { loadConfig as loadUserConfig, userService } from '@contract-events/user-service';
import type { ProcessNames } from './service-process';

const [service, json = '{}'] = process.argv.slice(2);
const names = JSON.parse(json) as ProcessNames;
if (service === 'user-service') runServiceMain(userService, () => loadUserConfig(), names);
else if (service === 'order-service') runServiceMain(orderService, () => loadOrderConfig(), names);
else {
  console.error(`usage: service-main-on.ts user-service|order-service '<names JSON>' (got ${service})`);
  process.exit(2);
}
