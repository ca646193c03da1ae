/**
 * docs/asyncapi.yaml as AsyncAPI tools read it: @asyncapi/parser (which validates against the
 * AsyncAPI 3.0 schema and the Kafka bindings, then runs its Spectral rules) with the Avro schema
 * parser, and its channels and operations against topics.json and the services manifest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { type AsyncAPIDocumentInterface, type Diagnostic, Parser } from '@asyncapi/parser';
import { deadLetterTopicOf, eventHeaders, loadTopicsConfig, traceHeaders } from '@contract-events/contracts';
import YAML from 'yaml';
import { AVRO_SCHEMA_FORMAT, asyncApiDocument } from '../../../src/docs/asyncapi';
import { parcelModel, parcelV1, parcelV2 } from './fake-contracts';

const ROOT = path.resolve(__dirname, '../../../..');
// The parser's validation and rules are slow on a busy shared machine (seen: 17 s).
const SLOW = 180_000;

// Severity 0 error, 1 warning, 2 information, 3 hint (Spectral's). The one information allowed:
// `asyncapi-latest-version` recommends 3.1.0, and the document is 3.0 on purpose (issue 11 asks
// for AsyncAPI 3.0, the version the Kafka 0.5.0 bindings and most tools target).
const ALLOWED = new Set(['asyncapi-latest-version']);

async function parse(
  text: string,
): Promise<{ document: AsyncAPIDocumentInterface; diagnostics: Diagnostic[] }> {
  const parser = new Parser();
  parser.registerSchemaParser(AvroSchemaParser());
  const { document, diagnostics } = await parser.parse(text);
  if (!document) throw new Error(`does not parse: ${JSON.stringify(diagnostics, null, 2)}`);
  return { document, diagnostics };
}

const worthReading = (diagnostics: Diagnostic[]) =>
  diagnostics.filter((d) => d.severity <= 1 || !ALLOWED.has(String(d.code)));

describe('docs/asyncapi.yaml', () => {
  let document: AsyncAPIDocumentInterface;
  let diagnostics: Diagnostic[];

  beforeAll(async () => {
    ({ document, diagnostics } = await parse(fs.readFileSync(path.join(ROOT, 'docs/asyncapi.yaml'), 'utf8')));
  }, SLOW);

  test('parses with no error, no warning and no information but the justified one', () => {
    expect(worthReading(diagnostics)).toEqual([]);
    expect(document.version()).toBe('3.0.0');
  });

  test('one channel per topic of topics.json, and one per dead-letter topic of a consumed topic', () => {
    const topics = loadTopicsConfig({ schemasDir: path.join(ROOT, 'schemas') });
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'event-runtime/src/generated/services.json'), 'utf8'),
    ) as { services: Record<string, { consumes: string[]; produces: string[] }> };
    const consumed = new Set(Object.values(manifest.services).flatMap((s) => s.consumes));
    const expected = [
      ...topics.map((t) => t.topic),
      ...topics.filter((t) => consumed.has(t.topic)).map((t) => deadLetterTopicOf(t.topic)),
    ].sort();
    expect(
      document
        .channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual(expected);

    for (const t of topics) {
      const channel = document
        .channels()
        .all()
        .find((c) => c.address() === t.topic);
      const binding = channel?.bindings().get('kafka')?.value() as Record<string, unknown>;
      expect(binding).toMatchObject({ topic: t.topic, partitions: t.partitions });
      const message = channel?.messages().all()[0];
      expect(message?.schemaFormat()).toBe(AVRO_SCHEMA_FORMAT);
      expect(Object.keys(message?.payload()?.properties() ?? {})).toEqual(t.root.fields.map((f) => f.name));
      expect(message?.extensions().get('x-registry-subject')?.value()).toBe(t.subject);
      expect(Object.keys(message?.headers()?.properties() ?? {})).toEqual(
        [...Object.values(eventHeaders), ...Object.values(traceHeaders)].map((h) => h.name),
      );
    }
  });

  test("operations are each service's sends and receives from the services manifest", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'event-runtime/src/generated/services.json'), 'utf8'),
    ) as { services: Record<string, { consumes: string[]; produces: string[] }> };
    const expected = Object.entries(manifest.services).flatMap(([service, s]) => [
      ...s.produces.map((topic) => `${service} send ${topic}`),
      ...s.consumes.flatMap((topic) => [
        `${service} receive ${topic}`,
        `${service} send ${deadLetterTopicOf(topic)}`,
      ]),
    ]);
    const actual = document
      .operations()
      .all()
      .map((op) => {
        const service = op.tags().all()[0]?.name();
        return `${service} ${op.action()} ${op.channels().all()[0]?.address()}`;
      });
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe('the document of a schema with nested records, unions and defaults', () => {
  test(
    'parses cleanly too, its Avro payload read by the Avro schema parser',
    async () => {
      const text = YAML.stringify(asyncApiDocument(parcelModel([parcelV1], parcelV2)));
      const { document, diagnostics } = await parse(text);
      expect(worthReading(diagnostics)).toEqual([]);
      const payload = document.messages().all()[0]?.payload();
      expect(Object.keys(payload?.properties() ?? {})).toEqual(['parcel_id', 'weight', 'address', 'price']);
      const binding = document.channels().all()[0]?.bindings().get('kafka')?.value() as Record<
        string,
        unknown
      >;
      expect(binding).toMatchObject({
        partitions: 6,
        topicConfiguration: {
          'cleanup.policy': ['delete'],
          'retention.ms': 86400000,
          'segment.ms': '3600000',
        },
      });
    },
    SLOW,
  );
});
