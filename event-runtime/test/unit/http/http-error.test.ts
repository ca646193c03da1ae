import { defineHttpError, HttpError } from '../../../src/http';

describe('HttpError', () => {
  it('answers a kit code with its status and the JSON body', () => {
    const err = new HttpError('not_found', 'No such item', { id: '2' });
    expect(err.status).toBe(404);
    expect(err.retriable).toBe(false);
    expect(err.toBody()).toEqual({
      error: { code: 'not_found', message: 'No such item', details: { id: '2' } },
    });
    expect(new HttpError('not_ready', 'later').retriable).toBe(true);
  });

  it('lets a service define its own code with its status', () => {
    const unknownThing = defineHttpError('unknown_thing', 422);
    const err = unknownThing('Thing 7 is unknown', { thing: 7 });
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(422);
    expect(err.retriable).toBe(false);
    expect(err.toBody()).toEqual({
      error: { code: 'unknown_thing', message: 'Thing 7 is unknown', details: { thing: 7 } },
    });
  });
});
