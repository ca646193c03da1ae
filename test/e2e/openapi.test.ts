/**
 * Both services on the real stack, against their own /openapi.json: a response of every documented
 * route (its success and the errors that can be provoked from outside) matches the schema the
 * document gives that status, and no route answers with a status it does not document. Then each
 * service's /docs in a real headless browser (Debian's chromium, driven by playwright-core), showing
 * its routes, with every file the page loads served by the service itself. The browser part is
 * skipped, saying why, where /usr/bin/chromium is not installed; .ci/run installs it.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import type { OpenApiDocument } from '@contract-events/runtime/tools';
import { documentedOperations, responseChecker } from '../support/openapi';
import { createTestSystem, eventually, type TestSystem } from './support/system';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const noChromium = fs.existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (apt-get install chromium)`;
if (noChromium) console.warn(`/docs browser test skipped: ${noChromium}`);
const testWithChromium = noChromium ? test.skip : test;

let system: TestSystem;
const url: Record<'users' | 'orders', string> = { users: '', orders: '' };
const docs: Partial<Record<'users' | 'orders', OpenApiDocument>> = {};

beforeAll(async () => {
  system = await createTestSystem();
  [url.users, url.orders] = await Promise.all([
    system.startUserService().then((s) => s.url),
    system.startOrderService().then((s) => s.url),
  ]);
  for (const service of ['users', 'orders'] as const) {
    const res = await fetch(`${url[service]}/openapi.json`);
    expect(res.status).toBe(200);
    docs[service] = (await res.json()) as OpenApiDocument;
  }
});

afterAll(() => system?.stop());

/** One request to a service, named by its documented operation. */
interface Call {
  /** `METHOD /template/{param}` as the document lists it. */
  operation: string;
  /** The path actually requested. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
}

const json = (value: unknown) => JSON.stringify(value);
const jsonHeaders = { 'content-type': 'application/json' };

/**
 * Sends each call, checks its status and its body against the document, and returns the bodies.
 * Fails for a response the document does not describe.
 */
async function check(service: 'users' | 'orders', calls: Call[]): Promise<unknown[]> {
  const doc = docs[service]!;
  const checker = responseChecker(doc);
  const bodies: unknown[] = [];
  for (const call of calls) {
    const [method = '', template = ''] = call.operation.split(' ');
    const res = await fetch(url[service] + call.path, { method, body: call.body, headers: call.headers });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const what = `${call.operation} (${call.path}) → ${res.status} ${text.slice(0, 300)}`;
    expect([what, res.status]).toEqual([what, call.status]);
    const isJson = contentType.startsWith('application/json');
    const body: unknown = isJson ? JSON.parse(text) : text;
    const response = (
      doc.paths?.[template] as Record<string, { responses: Record<string, { content: object }> }>
    )?.[method.toLowerCase()]?.responses[String(res.status)];
    const mediaTypes = Object.keys(response?.content ?? {});
    const mediaType = mediaTypes.find((m) => m === contentType) ?? contentType.split(';')[0]!.trim();
    expect([what, checker.errorsOf(method, template, res.status, mediaType, body)]).toEqual([what, []]);
    bodies.push(body);
  }
  return bodies;
}

/** The kit's routes, the same on both services. */
const kitCalls: Call[] = [
  { operation: 'GET /health', path: '/health', status: 200 },
  { operation: 'GET /ready', path: '/ready', status: 200 },
  { operation: 'GET /metrics', path: '/metrics', status: 200 },
  { operation: 'GET /openapi.json', path: '/openapi.json', status: 200 },
  { operation: 'GET /docs', path: '/docs', status: 200 },
  { operation: 'GET /docs/{file}', path: '/docs/swagger-ui.css', status: 200 },
  { operation: 'GET /docs/{file}', path: '/docs/swagger-ui-bundle.js', status: 200 },
  { operation: 'GET /docs/{file}', path: '/docs/docs-init.js', status: 200 },
  { operation: 'GET /docs/{file}', path: '/docs/..%2Fpackage.json', status: 404 },
];

test('a response of every route of both services matches its documented schema', async () => {
  const email = `openapi-${Date.now()}@example.com`;
  const [created] = (await check('users', [
    {
      operation: 'POST /users',
      path: '/users',
      body: json({ email, name: 'Grace' }),
      headers: jsonHeaders,
      status: 201,
    },
  ])) as { id: string }[];
  const userId = created!.id;
  const unknownId = '00000000-0000-4000-8000-000000000000';

  const [order] = (await check('orders', [
    {
      operation: 'POST /orders',
      path: '/orders',
      body: json({ user_id: userId, amount: '12.50' }),
      headers: { ...jsonHeaders, prefer: 'wait=20' },
      status: 201,
    },
  ])) as { id: string }[];
  // The user service lists the order once order_created has reached it.
  await eventually(async () => {
    const res = await fetch(`${url.users}/users/${userId}/orders`);
    return res.ok && ((await res.json()) as { orders: unknown[] }).orders.length === 1;
  });

  const userCalls: Call[] = [
    {
      operation: 'POST /users',
      path: '/users',
      body: json({ email, name: 'Again' }),
      headers: jsonHeaders,
      status: 409,
    },
    {
      operation: 'POST /users',
      path: '/users',
      body: json({ email: 'x', extra: 1 }),
      headers: jsonHeaders,
      status: 400,
    },
    { operation: 'POST /users', path: '/users', body: '{"email":', headers: jsonHeaders, status: 400 },
    {
      operation: 'POST /users',
      path: '/users',
      body: 'email=x',
      headers: { 'content-type': 'text/plain' },
      status: 415,
    },
    { operation: 'GET /users/{id}', path: `/users/${userId}`, status: 200 },
    { operation: 'GET /users/{id}', path: `/users/${unknownId}`, status: 404 },
    { operation: 'GET /users/{id}', path: '/users/not-a-uuid', status: 404 },
    { operation: 'GET /users/{id}/orders', path: `/users/${userId}/orders?limit=1`, status: 200 },
    { operation: 'GET /users/{id}/orders', path: `/users/${userId}/orders?limit=0`, status: 400 },
    { operation: 'GET /users/{id}/orders', path: `/users/${unknownId}/orders`, status: 404 },
    ...kitCalls,
  ];
  const orderCalls: Call[] = [
    {
      operation: 'POST /orders',
      path: '/orders',
      body: json({ user_id: unknownId, amount: 1 }),
      headers: jsonHeaders,
      status: 422,
    },
    {
      operation: 'POST /orders',
      path: '/orders',
      body: json({ user_id: userId, amount: 'x' }),
      headers: jsonHeaders,
      status: 400,
    },
    {
      operation: 'POST /orders',
      path: '/orders',
      body: json({ user_id: userId, amount: '1', note: 'x' }),
      headers: jsonHeaders,
      status: 400,
    },
    { operation: 'GET /orders', path: `/orders?user_id=${userId}`, status: 200 },
    { operation: 'GET /orders', path: '/orders', status: 400 },
    { operation: 'GET /orders/{id}', path: `/orders/${order!.id}`, status: 200 },
    { operation: 'GET /orders/{id}', path: `/orders/${unknownId}`, status: 404 },
    ...kitCalls,
  ];
  const [, , , , user, , , page] = (await check('users', userCalls)) as Record<string, unknown>[];
  expect(user).toMatchObject({ id: userId, email });
  expect(page).toMatchObject({ orders: [{ id: order!.id, amount: '12.50' }] });
  await check('orders', orderCalls);

  // Every documented operation was called above, and only those.
  const called = (calls: Call[]) => [...new Set(calls.map((c) => c.operation))].sort();
  expect(called([...userCalls])).toEqual(documentedOperations(docs.users!));
  expect(called([...orderCalls])).toEqual(documentedOperations(docs.orders!));
});

testWithChromium(
  "each service's /docs renders its routes in a headless browser, from its own files only",
  async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      for (const service of ['users', 'orders'] as const) {
        const page = await browser.newPage();
        const origin = new URL(url[service]).origin;
        const elsewhere: string[] = [];
        page.on('request', (req) => {
          if (new URL(req.url()).origin !== origin) elsewhere.push(req.url());
        });
        await page.goto(`${url[service]}/docs`);
        // Swagger UI renders one block per operation, its path in data-path.
        await page.waitForSelector('.opblock-summary-path', { timeout: 60_000 });
        const shown = await page.$$eval('.opblock', (blocks) =>
          blocks.map((b) => {
            const method = b.querySelector('.opblock-summary-method')?.textContent ?? '';
            const path = b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
            return `${method.trim().toUpperCase()} ${path}`;
          }),
        );
        expect(shown.sort()).toEqual(documentedOperations(docs[service]!));
        expect(await page.title()).toContain(service === 'users' ? 'User service' : 'Order service');
        expect(elsewhere).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  },
);
