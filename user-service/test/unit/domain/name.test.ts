import { normaliseName } from '../../../src/domain/name';

describe('normaliseName', () => {
  it('trims the name', () => {
    expect(normaliseName('  Ann Lee \t')).toEqual({ ok: true, value: 'Ann Lee' });
  });

  it('rejects an empty or blank name', () => {
    expect(normaliseName('')).toEqual({ ok: false, error: 'must not be empty' });
    expect(normaliseName('   ')).toEqual({ ok: false, error: 'must not be empty' });
  });

  it('counts code points, allowing 200 and rejecting 201', () => {
    expect(normaliseName('😀'.repeat(200)).ok).toBe(true);
    expect(normaliseName('a'.repeat(201))).toEqual({ ok: false, error: 'must be at most 200 characters' });
  });

  it('rejects control characters inside the name', () => {
    expect(normaliseName('Ann\nLee').ok).toBe(false);
  });
});
