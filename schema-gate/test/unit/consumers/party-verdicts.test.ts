import { partyVerdicts, schemaChanged } from '../../../src/consumers/party-verdicts';
import { parseServicesManifest, partiesOf } from '../../../src/consumers/services-manifest';
import { describeParty, renderGithub, renderText } from '../../../src/schemas-check/render';
import { type SchemaReport, locateParties } from '../../../src/schemas-check/report';

const record = (fields: object[]) => ({ type: 'record', name: 'UserCreated', fields });
const id = { name: 'user_id', type: 'string' };
const email = { name: 'email', type: 'string' };
const v1 = record([id, email]);
const v2 = record([id, email, { name: 'name', type: 'string', default: '' }]);

const manifest = parseServicesManifest(
  JSON.stringify({
    $comment: 'generated',
    services: {
      'user-service': { consumes: ['order_created'], produces: ['user_created'] },
      'order-service': { consumes: ['user_created'], produces: ['order_created'] },
      'audit-service': { consumes: ['user_created', 'order_created'], produces: [] },
    },
  }),
);
const history = [
  { schema: v1, label: 'v1' },
  { schema: v2, label: 'v2' },
];
const verdicts = (candidate: object) =>
  partyVerdicts({ manifest, topic: 'user_created', candidate, builtWith: history[1]!, written: history });

describe('consumer and producer verdicts', () => {
  test('the manifest names each topic’s consumers and producers; a text that is not one gives none', () => {
    expect(partiesOf(manifest, 'user_created')).toEqual({
      consumers: ['audit-service', 'order-service'],
      producers: ['user-service'],
    });
    expect(parseServicesManifest('not json')).toBeUndefined();
    expect(partiesOf(undefined, 'user_created')).toEqual({ consumers: [], producers: [] });
  });

  test('dropping a field without default: consumers built with it break there, old events stay readable', () => {
    const dropped = record([id, { name: 'name', type: 'string', default: '' }]);
    const out = verdicts(dropped);
    expect(out.map((v) => [v.service, v.role, v.reads])).toEqual([
      ['audit-service', 'consumer', false],
      ['order-service', 'consumer', false],
      ['user-service', 'producer', true],
    ]);
    expect(out[1]?.breaks).toEqual([
      expect.objectContaining({
        path: 'UserCreated.email',
        rule: 'READER_FIELD_MISSING_DEFAULT',
        direction: 'FORWARD',
      }),
    ]);
    expect(describeParty({ ...out[1]!, breaks: out[1]!.breaks })).toBe(
      'order-service reads user_created with the schema it was built with (v2): breaks at UserCreated.email ' +
        '(READER_FIELD_MISSING_DEFAULT)',
    );
    expect(describeParty(out[2]!)).toBe(
      "user-service's old user_created events (2 versions: v1, v2) stay readable by the new schema",
    );
  });

  test('a required field only v2 had: consumers read, the producer’s v1 events do not', () => {
    const required = record([id, email, { name: 'name', type: 'string' }]);
    const out = verdicts(required);
    expect(out.filter((v) => v.role === 'consumer').every((v) => v.reads)).toBe(true);
    const producer = out.find((v) => v.role === 'producer')!;
    expect(producer.reads).toBe(false);
    expect(producer.breaks).toEqual([
      expect.objectContaining({
        path: 'UserCreated.name',
        rule: 'READER_FIELD_MISSING_DEFAULT',
        against: 'v1',
      }),
    ]);
    expect(describeParty(producer)).toBe(
      "user-service's old user_created events are not all readable by the new schema: breaks at UserCreated.name " +
        '(READER_FIELD_MISSING_DEFAULT) in events written with v1',
    );
    expect(describeParty(out[0]!)).toBe(
      'audit-service reads user_created with the schema it was built with (v2): reads the new schema',
    );
  });

  test('a change of meaning resolution accepts: read, but said to be read with another meaning', () => {
    const micros = record([
      id,
      email,
      { name: 'name', type: 'string', default: '' },
      {
        name: 'at',
        type: { type: 'long', logicalType: 'timestamp-micros' },
        default: 0,
      },
    ]);
    const millis = record([
      id,
      email,
      { name: 'name', type: 'string', default: '' },
      {
        name: 'at',
        type: { type: 'long', logicalType: 'timestamp-millis' },
        default: 0,
      },
    ]);
    const out = partyVerdicts({
      manifest,
      topic: 'user_created',
      candidate: micros,
      builtWith: { schema: millis, label: 'v3' },
      written: [{ schema: millis, label: 'v3' }],
    });
    expect(out.every((v) => v.reads)).toBe(true);
    expect(describeParty(out[1]!)).toBe(
      'order-service reads user_created with the schema it was built with (v3): reads the new schema, with ' +
        'another meaning at UserCreated.at (TIME_UNIT_CHANGED)',
    );
    expect(describeParty(out[2]!)).toBe(
      "user-service's old user_created events (v3) stay readable by the new schema, with another meaning at " +
        'UserCreated.at (TIME_UNIT_CHANGED) in events written with v3',
    );
  });

  test('no service on the topic, no verdicts; formatting alone is no change', () => {
    expect(
      partyVerdicts({ manifest, topic: 'other', candidate: v1, builtWith: history[0]!, written: history }),
    ).toEqual([]);
    expect(schemaChanged(JSON.stringify(v1), JSON.stringify(v1, null, 2))).toBe(false);
    expect(schemaChanged(v1, v2)).toBe(true);
  });

  test('rendered after the breaks: text with the field line, github as annotations (warnings when the check passes)', () => {
    const text = JSON.stringify(record([id, { name: 'name', type: 'string', default: '' }]), null, 2);
    const services = locateParties(text, verdicts(JSON.parse(text) as object));
    const report: SchemaReport = {
      mode: 'registry',
      file: 'schemas/user_created.avsc',
      topic: 'user_created',
      status: 'compatible',
      breaks: [],
      messages: [],
      against: ['user_created-value: the versions its level requires'],
      services,
    };
    expect(renderText([report])).toEqual([
      'schemas/user_created.avsc:3: audit-service reads user_created with the schema it was built with (v2): ' +
        'breaks at UserCreated.email (READER_FIELD_MISSING_DEFAULT)',
      'schemas/user_created.avsc:3: order-service reads user_created with the schema it was built with (v2): ' +
        'breaks at UserCreated.email (READER_FIELD_MISSING_DEFAULT)',
      "schemas/user_created.avsc: user-service's old user_created events (2 versions: v1, v2) stay readable by " +
        'the new schema',
      'ok [registry] schemas/user_created.avsc (user_created): compatible against user_created-value: the ' +
        'versions its level requires',
      'schemas:check: compatible',
    ]);
    const github = renderGithub([report]);
    expect(github[0]).toMatch(
      /^::warning file=schemas\/user_created\.avsc,line=3,title=READER_FIELD_MISSING_DEFAULT::audit-service reads/,
    );
    expect(github[2]).toBe(renderText([report])[2]);
    expect(renderGithub([{ ...report, status: 'incompatible' }])[1]).toMatch(/^::error file=/);
  });
});
