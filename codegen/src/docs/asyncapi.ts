/**
 * docs/asyncapi.yaml, an AsyncAPI 3.0 document of the system: a channel per topic (and per
 * dead-letter topic a service writes), one message per event with its Avro schema as payload, and a
 * send or receive operation per service and topic from the services manifest. Pure: returns the
 * document as a plain object.
 */
import {
  type RecordHeader,
  deadLetterHeaders,
  deadLetterTopicOf,
  deadLetterTopicSettings,
  eventHeaders,
  traceHeaders,
} from '@contract-events/contracts';
import { KAFKA_BINDING_VERSION, channelBinding, headersSchema, messageBinding } from './asyncapi-bindings';
import type { DocsModel, TopicDoc } from './docs-model';

/** File name of the document in the docs folder. */
export const ASYNCAPI_FILE = 'asyncapi.yaml';

/** `schemaFormat` of an Avro payload (the Avro version avsc and the registry implement). */
export const AVRO_SCHEMA_FORMAT = 'application/vnd.apache.avro;version=1.9.0';

type Doc = Record<string, unknown>;
const ref = (path: string): Doc => ({ $ref: `#/${path}` });

/** Channel id of a topic's dead-letter topic (ids avoid the dot of the address). */
export const dlqChannelId = (topic: string): string => `${topic}_dlq`;

/** Operation id: `<service>_<action>_<channel id>`. */
export const operationId = (service: string, action: 'send' | 'receive', channel: string): string =>
  `${service}_${action}_${channel}`;

/** Message ids: the record's name, or `<name>_<topic>` when two topics' records share a name. */
function messageIds(topics: readonly TopicDoc[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const t of topics) count.set(t.contract.root.name, (count.get(t.contract.root.name) ?? 0) + 1);
  return new Map(
    topics.map((t) => {
      const name = t.contract.root.name;
      return [t.contract.topic, (count.get(name) ?? 0) > 1 ? `${name}_${t.contract.topic}` : name];
    }),
  );
}

function messages(t: TopicDoc, id: string): Doc {
  const c = t.contract;
  const wire =
    `Confluent wire format: byte 0, the 4-byte id the registry gave this schema under subject ` +
    `\`${c.subject}\` (compatibility ${c.compatibility}), then the Avro binary body.`;
  const event = {
    name: id,
    title: c.root.name,
    summary: c.root.doc ?? `A ${c.root.name} event.`,
    description: wire,
    payload: ref(`components/schemas/${id}`),
    headers: ref('components/schemas/EventHeaders'),
    bindings: { kafka: messageBinding(c) },
    'x-registry-subject': c.subject,
    'x-compatibility': c.compatibility,
  };
  const deadLetter = {
    ...event,
    name: `${id}DeadLetter`,
    title: `${c.root.name} dead letter`,
    summary: `A ${c.topic} record a consumer could not apply, with why.`,
    description:
      "The original record's key, value and headers, untouched, plus the dead-letter headers. The value is " +
      'usually the event (as above) but may be what failed to decode. `npm run dlq:replay` sends it back.',
    headers: ref('components/schemas/DeadLetterHeaders'),
  };
  return t.consumers.length === 0 ? { [id]: event } : { [id]: event, [`${id}DeadLetter`]: deadLetter };
}

function channels(t: TopicDoc, id: string): Doc {
  const c = t.contract;
  const main = {
    address: c.topic,
    title: c.topic,
    description: `Key \`${c.keyField}\`, registry subject \`${c.subject}\` (${c.compatibility}).`,
    messages: { [id]: ref(`components/messages/${id}`) },
    bindings: { kafka: channelBinding(c.topic, c.partitions, c.config, true) },
  };
  if (t.consumers.length === 0) return { [c.topic]: main };
  const dlq = deadLetterTopicOf(c.topic);
  const { partitions, config } = deadLetterTopicSettings;
  return {
    [c.topic]: main,
    [dlqChannelId(c.topic)]: {
      address: dlq,
      title: dlq,
      description: `Records of \`${c.topic}\` a consumer could not apply; created by each consuming service.`,
      messages: { [`${id}DeadLetter`]: ref(`components/messages/${id}DeadLetter`) },
      bindings: { kafka: channelBinding(dlq, partitions, config, false) },
    },
  };
}

function operation(
  service: string,
  action: 'send' | 'receive',
  channel: string,
  message: string,
  summary: string,
): Doc {
  const receive = action === 'receive';
  return {
    [operationId(service, action, channel)]: {
      action,
      channel: ref(`channels/${channel}`),
      messages: [ref(`channels/${channel}/messages/${message}`)],
      summary,
      tags: [{ name: service }],
      ...(receive
        ? {
            bindings: {
              kafka: {
                groupId: {
                  type: 'string',
                  description: "The service's KAFKA_GROUP_ID (its name by default).",
                },
                bindingVersion: KAFKA_BINDING_VERSION,
              },
            },
          }
        : {}),
    },
  };
}

function operations(t: TopicDoc, id: string): Doc[] {
  const topic = t.contract.topic;
  return [
    ...t.producers.map((s) => operation(s, 'send', topic, id, `${s} publishes ${id} through its outbox.`)),
    ...t.consumers.flatMap((s) => [
      operation(s, 'receive', topic, id, `${s} applies ${id} once per event_id (its inbox).`),
      operation(s, 'send', dlqChannelId(topic), `${id}DeadLetter`, `${s} dead-letters what it cannot apply.`),
    ]),
  ];
}

const asOptional = (headers: Record<string, RecordHeader>): Record<string, RecordHeader> =>
  Object.fromEntries(Object.entries(headers).map(([key, h]) => [key, { ...h, required: false }]));

/** Pure: the AsyncAPI 3.0 document. */
export function asyncApiDocument(model: DocsModel): Doc {
  const ids = messageIds(model.topics);
  const idOf = (t: TopicDoc): string => ids.get(t.contract.topic) ?? t.contract.root.name;
  const services = [...new Set(model.topics.flatMap((t) => [...t.producers, ...t.consumers]))].sort();
  return {
    asyncapi: '3.0.0',
    info: {
      title: model.info.title,
      version: model.info.version,
      description:
        `${model.info.description}\n\nGenerated by \`npm run codegen\` from schemas/topics.json, the .avsc files ` +
        'and the services manifest; do not edit by hand. The brokers and the schema registry are deployment ' +
        'settings (KAFKA_BROKERS, SCHEMA_REGISTRY_URL). The schema catalog: events.md.',
      ...(model.info.license ? { license: { name: model.info.license } } : {}),
      tags: services.map((name) => ({ name, description: `The ${name} workspace.` })),
    },
    channels: Object.assign({}, ...model.topics.map((t) => channels(t, idOf(t)))),
    operations: Object.assign({}, ...model.topics.flatMap((t) => operations(t, idOf(t)))),
    components: {
      schemas: {
        ...Object.fromEntries(
          model.topics.map((t) => [idOf(t), { schemaFormat: AVRO_SCHEMA_FORMAT, schema: t.contract.schema }]),
        ),
        EventHeaders: headersSchema(eventHeaders, traceHeaders),
        // A dead letter keeps whatever headers its record had: a record that failed may not be ours.
        DeadLetterHeaders: headersSchema(asOptional(eventHeaders), traceHeaders, deadLetterHeaders),
      },
      messages: Object.assign({}, ...model.topics.map((t) => messages(t, idOf(t)))),
    },
  };
}
