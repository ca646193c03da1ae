import {
  DecodeError,
  EventSystemError,
  eventRuntimeErrorCodes,
  isEventSystemError,
  RegistryError,
} from '../../../src/errors';

describe('errors', () => {
  it('marks only an unavailable registry as retriable', () => {
    expect(new RegistryError('x', 'REGISTRY_UNAVAILABLE').retriable).toBe(true);
    expect(new RegistryError('x', 'SCHEMA_NOT_REGISTERED').retriable).toBe(false);
    expect(new DecodeError('x', 'TRAILING_BYTES').retriable).toBe(false);
  });

  it('keeps code, details, cause and the subclass name', () => {
    const cause = new Error('socket');
    const err = new RegistryError('down', 'REGISTRY_UNAVAILABLE', { url: 'u' }, cause);
    expect(err).toBeInstanceOf(EventSystemError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RegistryError');
    expect(err.details).toEqual({ url: 'u' });
    expect(err.cause).toBe(cause);
    expect(isEventSystemError(err, 'REGISTRY_UNAVAILABLE')).toBe(true);
    expect(isEventSystemError(err, 'INVALID_EVENT')).toBe(false);
    expect(isEventSystemError(new Error('plain'))).toBe(false);
  });

  it('lists every runtime code once; the base class takes any closed list of codes as its code type', () => {
    expect(new Set(eventRuntimeErrorCodes).size).toBe(eventRuntimeErrorCodes.length);
    const apiErrorCodes = [...eventRuntimeErrorCodes, 'NOT_FOUND'] as const;
    const err = new EventSystemError<(typeof apiErrorCodes)[number]>('gone', {
      code: 'NOT_FOUND',
      retriable: false,
    });
    expect(apiErrorCodes).toContain(err.code);
    expect(err.code).toBe('NOT_FOUND');
  });
});
