import { ContractError } from '../../src/errors';
import { compatibilityLevels, parseCompatibilityLevel } from '../../src/compatibility-levels';

describe('parseCompatibilityLevel', () => {
  it('accepts every level by its exact name', () => {
    for (const level of compatibilityLevels) expect(parseCompatibilityLevel(level)).toBe(level);
  });

  it('refuses another case unless asked to ignore it', () => {
    expect(() => parseCompatibilityLevel('backward')).toThrow(/expected one of NONE, .*, got "backward"/);
    expect(parseCompatibilityLevel(' backward_Transitive ', { ignoreCase: true })).toBe(
      'BACKWARD_TRANSITIVE',
    );
  });

  it.each([['SIDEWAYS'], [''], [3], [undefined]])('refuses %p with UNKNOWN_COMPATIBILITY_LEVEL', (text) => {
    expect.assertions(3);
    try {
      parseCompatibilityLevel(text, { ignoreCase: true });
    } catch (err) {
      expect(err).toBeInstanceOf(ContractError);
      expect(err).toMatchObject({ code: 'UNKNOWN_COMPATIBILITY_LEVEL', details: { level: text } });
      expect((err as Error).message).toContain('expected one of NONE, BACKWARD');
    }
  });
});
