import { byPartition, headersOf } from '../../../src/transport/platformatic-consumer';
import { toProduce } from '../../../src/transport/platformatic-producer';
import { platformaticSecurityOptions } from '../../../src/transport/platformatic-security';
import { Secret } from '../../../src/config/secret';

describe('the @platformatic/kafka mapping', () => {
  it('sends keys, values and headers as bytes, leaving a null key out', () => {
    const m = toProduce({ topic: 't', key: 'user-1', value: Buffer.from('v'), headers: { a: '1' } });
    expect(m.key).toEqual(Buffer.from('user-1'));
    expect([...m.headers].map(([k, v]) => [k.toString(), v.toString()])).toEqual([['a', '1']]);
    const keyless = toProduce({ topic: 't', key: null, value: Buffer.from('v') });
    expect('key' in keyless).toBe(false);
    const bytes = Buffer.from([0, 255]);
    expect(toProduce({ topic: 't', key: bytes, value: Buffer.from('v') }).key).toBe(bytes);
  });

  it('reads headers as strings, keeping the first of a repeated one', () => {
    expect(
      headersOf([
        [Buffer.from('a'), Buffer.from('1')],
        [Buffer.from('a'), Buffer.from('2')],
        [Buffer.from('b'), Buffer.from('x')],
      ]),
    ).toEqual({ a: '1', b: 'x' });
  });

  it('splits messages per topic and partition, keeping their order', () => {
    const m = (topic: string, partition: number, offset: number) => ({ topic, partition, offset });
    expect(byPartition([m('a', 0, 1), m('a', 1, 7), m('a', 0, 2), m('b', 0, 5), m('a', 1, 8)])).toEqual([
      [m('a', 0, 1), m('a', 0, 2)],
      [m('a', 1, 7), m('a', 1, 8)],
      [m('b', 0, 5)],
    ]);
  });

  it('turns SASL_SSL settings into TLS and SASL options', () => {
    const options = platformaticSecurityOptions({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'orders', password: new Secret('s3cret') },
      tls: { ca: { file: '/ca.pem', pem: 'PEM' }, rejectUnauthorized: true },
    });
    expect(options).toEqual({
      tls: { rejectUnauthorized: true, ca: ['PEM'] },
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'orders', password: 's3cret' },
    });
    expect(platformaticSecurityOptions({ protocol: 'PLAINTEXT' })).toEqual({});
  });
});
