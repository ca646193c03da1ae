/**
 * The generated services manifest (event-runtime/src/generated/services.json, read statically from
 * the services' code by `npm run codegen`) says what the service definitions actually do: the
 * topics each consumes are exactly the keys of its handlers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { orderService } from '@contract-events/order-service';
import { userService } from '@contract-events/user-service';
import { REPO_ROOT } from './support/workspace-sources';

const manifest = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'event-runtime', 'src', 'generated', 'services.json'), 'utf8'),
) as { services: Record<string, { consumes: string[]; produces: string[] }> };

describe('services manifest', () => {
  test('lists every service definition once, with the topics its handlers consume', () => {
    const definitions = [userService, orderService];
    expect(Object.keys(manifest.services).sort()).toEqual(definitions.map((d) => d.name).sort());
    for (const d of definitions) {
      expect(manifest.services[d.name]?.consumes).toEqual(Object.keys(d.handlers).sort());
    }
  });

  test('each service produces the topic the other consumes (the two flows of the system)', () => {
    expect(manifest.services['user-service']?.produces).toEqual(['user_created']);
    expect(manifest.services['order-service']?.produces).toEqual(['order_created']);
  });
});
