/**
 * For the OpenAPI tests: the operations a Koa app really mounted and those its document lists, the
 * document checked with an OpenAPI validator from npm, and responses checked against the document's
 * schemas with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
import type Router from '@koa/router';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type Koa from 'koa';
import { openApiPath, type OpenApiDocument } from '@contract-events/runtime/tools';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** `METHOD /path/{param}` of every operation a document lists, sorted. */
export function documentedOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m] !== undefined).map(
        (m) => `${m.toUpperCase()} ${path}`,
      ),
    )
    .sort();
}

/**
 * `METHOD /path/{param}` of every route the app's router really registered (its layers), sorted;
 * HEAD, which Koa's router adds to every GET, is left out.
 */
export function mountedOperations(app: Koa): string[] {
  const routers = app.middleware
    .map((m) => (m as { router?: Router }).router)
    .filter((r): r is Router => r !== undefined);
  if (routers.length === 0) throw new Error('the app mounts no @koa/router router');
  const operations = routers.flatMap((router) =>
    router.stack.flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${openApiPath(String(layer.path))}`),
    ),
  );
  return [...new Set(operations)].sort();
}

/** The OpenAPI validator's verdict on `doc` (a copy: the validator keeps what it is given). */
export async function validateOpenApi(
  doc: unknown,
): Promise<{ valid: boolean; version: string; errors: unknown }> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc) as Record<string, unknown>);
  return { valid: result.valid, version: validator.version, errors: result.errors };
}

/** Escapes one JSON Pointer segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Checks response bodies against the schemas a document gives them. */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // The whole document, so the schemas' `#/components/...` references resolve within it.
  ajv.addSchema(doc as object, 'urn:contract-events:openapi');
  return {
    /**
     * Errors of `body` against the schema of `method path` (a documented template), `status`,
     * media type `mediaType`; throws when the document has no such response.
     */
    errorsOf(method: string, path: string, status: number, mediaType: string, body: unknown): string[] {
      const operation = (doc.paths?.[path] as Record<string, { responses?: Record<string, unknown> }>)?.[
        method.toLowerCase()
      ];
      const response = operation?.responses?.[String(status)] as
        { content?: Record<string, { schema?: unknown }> } | undefined;
      if (!response) throw new Error(`${method} ${path} documents no ${status} response`);
      if (!response.content?.[mediaType]?.schema) {
        throw new Error(`${method} ${path} ${status} documents no ${mediaType} body`);
      }
      const ref = [
        'paths',
        path,
        method.toLowerCase(),
        'responses',
        String(status),
        'content',
        mediaType,
        'schema',
      ]
        .map(pointer)
        .join('/');
      const validate = ajv.compile({ $ref: `urn:contract-events:openapi#/${ref}` });
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
    },
  };
}
