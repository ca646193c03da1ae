import { parsePreferWait } from '../../../src/http/prefer-header';

describe('parsePreferWait', () => {
  it.each<[string | string[] | undefined, number | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['wait=5', 5],
    ['WAIT = 5', 5],
    ['wait="3"', 3],
    ['wait=0', 0],
    ['respond-async, wait=10', 10],
    ['return=minimal; foo=bar, wait=2; x=1', 2],
    [['handling=lenient', 'wait=7'], 7],
    ['wait=1, wait=9', 1],
    ['wait=abc, wait=4', 4],
    ['wait=1.5', undefined],
    ['wait=-1', undefined],
    ['wait=1e3', undefined],
    ['wait=', undefined],
    ['wait', undefined],
    ['waiting=5', undefined],
    ['respond-async', undefined],
    ['wait=9999999999', undefined],
  ])('%j → %j', (header, expected) => {
    expect(parsePreferWait(header)).toBe(expected);
  });
});
