import { EMAIL_MAX_LENGTH, normaliseEmail } from '../../../src/domain/email';

describe('normaliseEmail', () => {
  it.each([
    ['ann@example.com', 'ann@example.com'],
    ['  Ann.Lee+tag@Example.COM ', 'ann.lee+tag@example.com'],
    ["o'brien@sub.example.co.uk", "o'brien@sub.example.co.uk"],
    ['x@xn--80ak6aa92e.xn--p1ai', 'x@xn--80ak6aa92e.xn--p1ai'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    '   ',
    'plainaddress',
    '@example.com',
    'ann@',
    'ann@example',
    'ann@@example.com',
    'ann@exa mple.com',
    'ann..lee@example.com',
    '.ann@example.com',
    'ann.@example.com',
    'ann@-example.com',
    'ann@example-.com',
    'ann@example.c',
    'ann@example.123',
    'ann@[127.0.0.1]',
    'jörg@example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('rejects %j', (raw) => {
    expect(normaliseEmail(raw).ok).toBe(false);
  });

  it('accepts exactly the maximum length and rejects one more', () => {
    const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.com`; // 195 chars, local part 58
    const atMax = `${'a'.repeat(EMAIL_MAX_LENGTH - domain.length - 1)}@${domain}`;
    expect(atMax).toHaveLength(254);
    expect(normaliseEmail(atMax).ok).toBe(true);
    expect(normaliseEmail(`a${atMax}`)).toEqual({ ok: false, error: 'must be at most 254 characters' });
  });
});
