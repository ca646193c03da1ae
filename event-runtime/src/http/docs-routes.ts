/**
 * `GET /openapi.json` and the interactive docs at `GET /docs`: Swagger UI from the swagger-ui-dist
 * npm package, its files served by the service itself (no CDN), pointed at /openapi.json.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineRoute, type ApiRoute } from './api-route';
import type { OpenApiDocument } from './api-document';

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

// Swagger UI's own initializer points at its demo; ours points at this service's document and
// turns off the badge that sends the document to validator.swagger.io. A file, not an inline script,
// so a Content-Security-Policy without 'unsafe-inline' scripts still allows the page.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
});
`;

/** The files /docs/:file serves: two of swagger-ui-dist's and the initializer. */
const assets = {
  'swagger-ui.css': {
    type: 'text/css',
    load: () => readFile(path.join(SWAGGER_UI_DIR, 'swagger-ui.css'), 'utf8'),
  },
  'swagger-ui-bundle.js': {
    type: 'text/javascript',
    load: () => readFile(path.join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'), 'utf8'),
  },
  'docs-init.js': { type: 'text/javascript', load: async () => INIT_SCRIPT },
} as const;

type AssetName = keyof typeof assets;
const assetNames = Object.keys(assets) as [AssetName, ...AssetName[]];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body>
</html>
`;
}

const tags = ['documentation'];

/** /openapi.json, /docs and /docs/:file; `document` is asked for at each request (it is built once). */
export function docsRoutes(document: () => OpenApiDocument): ApiRoute[] {
  const loaded = new Map<AssetName, Promise<string>>();
  const load = (name: AssetName): Promise<string> => {
    let text = loaded.get(name);
    if (!text) {
      text = assets[name].load();
      loaded.set(name, text);
      text.catch(() => loaded.delete(name)); // a failed read is tried again at the next request
    }
    return text;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This OpenAPI 3.1 document',
      tags,
      responses: {
        200: {
          description: 'The document, generated from the zod schemas the routes validate with',
          body: z.looseObject({ openapi: z.string() }),
        },
      },
      async handler() {
        return { status: 200, body: { ...document() } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'docsPage',
      summary: 'Interactive documentation of this service (Swagger UI)',
      tags,
      responses: { 200: { description: 'The page', body: z.string(), mediaTypes: ['text/html'] } },
      async handler() {
        return { status: 200, body: docsPage(`${String(document().info.title)}: API`) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs/:file',
      operationId: 'docsAsset',
      summary: "A file of the documentation page (from swagger-ui-dist's npm package)",
      tags,
      request: { params: z.object({ file: z.enum(assetNames) }) },
      responses: {
        200: { description: 'The file', body: z.string(), mediaTypes: ['text/css', 'text/javascript'] },
      },
      async handler({ params }) {
        return {
          status: 200,
          body: await load(params.file),
          type: assets[params.file].type,
          headers: { 'cache-control': 'public, max-age=3600' },
        };
      },
    }),
  ];
}
