/**
 * Hostile input against both services' REST APIs, generated with fast-check: wrong types, missing and
 * extra fields, huge and deeply nested bodies, invalid UTF-8, numbers at the edges, SQL and script
 * fragments, odd paths, queries, methods and content types. Whatever comes in, the answer is a 2xx or a
 * 4xx with the JSON error shape, never a 5xx or a dropped connection, and a refused request writes no
 * row. 10,000 requests in `npm run test:faults`, 1,000 in `npm test` (FAULT_SUITE=quick).
 */
import fc from 'fast-check';
import { createTestSystem, http, type TestSystem } from '../e2e/support/system';

jest.setTimeout(600_000);

const quick = process.env.FAULT_SUITE === 'quick';
const RUNS = quick ? 1000 : 10_000;

let system: TestSystem;
let urls: { users: string; orders: string };
let knownUserId: string;

beforeAll(async () => {
  system = await createTestSystem();
  const [users, orders] = await Promise.all([system.startUserService(), system.startOrderService()]);
  urls = { users: users.url, orders: orders.url };
  const created = await http('POST', `${urls.users}/users`, { email: 'fuzz-seed@example.com', name: 'Seed' });
  knownUserId = created.body.id;
});

afterAll(() => system?.stop());

const nasty = fc.constantFrom(
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '\u0000',
  'a\u0000b',
  '\uFFFF\uD800',
  '${jndi:ldap://x}',
  '../../etc/passwd',
  '%00',
  ' ',
  '',
  'é'.repeat(300),
  'x'.repeat(70_000),
);
const edgeNumbers = fc.constantFrom(
  0,
  -0,
  -1,
  1e-7,
  0.005,
  9999999999.99,
  10000000000,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  1e308,
  -1e308,
  Number.MIN_VALUE,
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  nasty,
  edgeNumbers,
  fc.string(),
  fc.constant(null),
  // Stands for the id of a user both services know, filled in when the request is sent.
  fc.constant('KNOWN_USER'),
);

/** Objects shaped like the real bodies (so validation is passed or nearly), and anything else. */
const body: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    { email: fc.oneof(fc.emailAddress(), value), name: fc.oneof(fc.string(), value) },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      user_id: fc.oneof(fc.uuid(), value),
      amount: fc.oneof(edgeNumbers, fc.string(), fc.double(), value),
      currency: fc.oneof(fc.constantFrom('EUR', 'usd', 'XXXX', ''), value),
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(fc.string(), value, { maxKeys: 5 }),
  fc.array(value, { maxLength: 5 }),
  value,
);

/** Deep nesting, built without recursion in the generator. */
const deep = fc.integer({ min: 100, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

const rawBody = fc.oneof(
  {
    weight: 6,
    arbitrary: body.map((b) =>
      (JSON.stringify(b) ?? 'null').replaceAll('"KNOWN_USER"', () => JSON.stringify(knownUserId)),
    ),
  },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
  // Invalid UTF-8 inside otherwise valid JSON.
  {
    weight: 1,
    arbitrary: fc.constant(
      Buffer.concat([
        Buffer.from('{"name":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('","email":"a@b.co"}'),
      ]),
    ),
  },
  { weight: 1, arbitrary: fc.constant('x'.repeat(200_000)) },
);

/** Percent-encodes for a path; a lone surrogate cannot be encoded, so it becomes U+FFFD first. */
const pathEncode = (text: string) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
const pathSegment = fc.oneof(
  fc.uuid(),
  fc.constant('KNOWN_USER'),
  nasty.map(pathEncode),
  fc.string().map(pathEncode),
);
type Service = 'users' | 'orders';
const route = (service: Service, method: string, path: fc.Arbitrary<string>) =>
  path.map((p) => ({ service, method, path: p }));
/** Mostly the real routes with their real methods, so bodies and queries reach the validation. */
const target = fc.oneof(
  { weight: 5, arbitrary: route('users', 'POST', fc.constant('/users')) },
  { weight: 5, arbitrary: route('orders', 'POST', fc.constant('/orders')) },
  {
    weight: 2,
    arbitrary: route(
      'users',
      'GET',
      pathSegment.map((id) => `/users/${id}`),
    ),
  },
  {
    weight: 2,
    arbitrary: route(
      'users',
      'GET',
      pathSegment.map((id) => `/users/${id}/orders`),
    ),
  },
  { weight: 2, arbitrary: route('orders', 'GET', fc.constant('/orders')) },
  {
    weight: 2,
    arbitrary: route(
      'orders',
      'GET',
      pathSegment.map((id) => `/orders/${id}`),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      service: fc.constantFrom<Service>('users', 'orders'),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      path: fc.oneof(fc.constantFrom('/users', '/orders', '/health', '/'), fc.webPath()),
    }),
  },
);
const request = fc.record({
  target,
  query: fc.dictionary(
    fc.constantFrom('user_id', 'limit', 'cursor', 'x', 'user_id[]'),
    fc.oneof(fc.string(), fc.constant('KNOWN_USER'), edgeNumbers.map(String), nasty),
    { maxKeys: 3 },
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    undefined,
  ),
  prefer: fc.option(
    // At most a second of waiting: the cap on longer waits has its own route test, and thousands of
    // requests each waiting out the cap would only make this run slow.
    fc.oneof(fc.constantFrom('wait=1', 'wait=0', 'wait=-1', 'wait=1.5', 'wait=abc', 'wait='), fc.string()),
  ),
  body: fc.option(rawBody),
});

async function counts(): Promise<{ users: number; orders: number }> {
  const count = async (db: TestSystem['usersDb'], table: string) =>
    Number((await db.db(table).count({ n: '*' }))[0]?.n);
  return { users: await count(system.usersDb, 'users'), orders: await count(system.ordersDb, 'orders') };
}

test(`${RUNS} hostile requests: only 2xx or 4xx with the error shape, no row for a refused one`, async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const { service, method } = r.target;
      const path = r.target.path.replaceAll('KNOWN_USER', knownUserId);
      const query = new URLSearchParams(
        Object.entries(r.query).map(([k, v]): [string, string] => [k, v === 'KNOWN_USER' ? knownUserId : v]),
      ).toString();
      const url = `${urls[service]}${path}${query ? `?${query}` : ''}`;
      const headers: Record<string, string> = {};
      if (r.contentType) headers['content-type'] = r.contentType;
      if (r.prefer !== null) headers.prefer = r.prefer;
      const withBody = r.body !== null && method !== 'GET' && method !== 'OPTIONS';
      const before = await counts();
      // A dropped connection makes fetch throw, which fails the property.
      const res = await fetch(url, { method, headers, body: withBody ? r.body : undefined });
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) {
        const parsed = JSON.parse(text) as {
          error?: { code?: unknown; message?: unknown; details?: unknown };
        };
        expect(Object.keys(parsed)).toEqual(['error']);
        expect(typeof parsed.error?.code).toBe('string');
        expect(typeof parsed.error?.message).toBe('string');
        expect(typeof parsed.error?.details).toBe('object');
        expect(await counts()).toEqual(before);
      }
    }),
    { numRuns: RUNS, endOnFailure: false },
  );
  process.stdout.write(
    `hostile REST: ${RUNS} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}\n`,
  );
});
