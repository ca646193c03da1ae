/**
 * A service's main as its own process on the bench's own topics and subjects:
 *   node --import tsx bench/src/lib/service-main-on.ts <user-service|order-service> '<names JSON>'
 * The same start-up, logging and exit as the service's `main.ts`, which always uses the real names.
 */
import { runServiceMain } from '@contract-events/runtime';
import { loadConfig as loadOrderConfig, orderService } from '@contract-events/order-service';
import { loadConfig as loadUserConfig, userService } from '@contract-events/user-service';

const [service, json = '{}'] = process.argv.slice(2);
const names = JSON.parse(json) as Parameters<typeof runServiceMain>[2];
if (service === 'user-service') runServiceMain(userService, () => loadUserConfig(), names);
else if (service === 'order-service') runServiceMain(orderService, () => loadOrderConfig(), names);
else {
  console.error(`usage: service-main-on.ts user-service|order-service '<names JSON>' (got ${service})`);
  process.exit(2);
}
