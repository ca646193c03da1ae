/**
 * Record headers as both clients hand them to the runtime: strings, a repeated header's first value,
 * a header without a value as '', and names from Object.prototype (`constructor`, `__proto__`,
 * `toString`) kept as the headers they are. Headers come from whoever produced the record.
 */
import type { IHeaders } from 'kafkajs';
import { headersOf as fromKafkajs } from '../../../src/transport/kafkajs-consumer';
import { headersOf as fromPlatformatic } from '../../../src/transport/platformatic-consumer';

/** The same headers as each client's consumer gives them: kafkajs an object, platformatic pairs. */
function asKafkajs(pairs: [string, string | null][]): IHeaders {
  const raw: Record<string, Buffer | null | (Buffer | null)[]> = {};
  for (const [name, text] of pairs) {
    const value = text === null ? null : Buffer.from(text);
    const seen = Object.hasOwn(raw, name) ? raw[name] : undefined;
    const merged = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    Object.defineProperty(raw, name, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return raw as IHeaders;
}
const asPlatformatic = (pairs: [string, string | null][]) =>
  pairs.map(([name, text]): [Buffer, Buffer] => [
    Buffer.from(name),
    text === null ? (null as unknown as Buffer) : Buffer.from(text),
  ]);

describe.each([
  ['kafkajs', (pairs: [string, string | null][]) => fromKafkajs(asKafkajs(pairs))],
  ['@platformatic/kafka', (pairs: [string, string | null][]) => fromPlatformatic(asPlatformatic(pairs))],
])('record headers from %s', (_client, headersOf) => {
  it('are strings; a repeated header keeps its first value; one without a value is empty', () => {
    expect(
      headersOf([
        ['a', '1'],
        ['b', 'x'],
        ['a', '2'],
        ['none', null],
      ]),
    ).toEqual({ a: '1', b: 'x', none: '' });
  });

  it('keep names that Object.prototype also has as the headers they are', () => {
    const headers = headersOf([
      ['constructor', 'c'],
      ['toString', 't'],
      ['__proto__', 'p'],
      ['hasOwnProperty', 'h'],
    ]);
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers)).toEqual(['constructor', 'toString', '__proto__', 'hasOwnProperty']);
    expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe('p');
    expect([headers['constructor'], headers['toString'], headers['hasOwnProperty']]).toEqual(['c', 't', 'h']);
  });

  it('are an empty object when the record has none', () => {
    expect(headersOf([])).toEqual({});
  });
});
