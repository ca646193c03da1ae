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

  it.each([399, 600, 200, 302, 422.5, Number.NaN])(
    'refuses to define a code with the status %p',
    (status) => {
      expect(() => defineHttpError('odd_thing', status)).toThrow(
        new RangeError(
          `HTTP error code "odd_thing": status must be an integer from 400 to 599, got ${status}`,
        ),
      );
    },
  );

  it('accepts the edges of the error range', () => {
    expect(defineHttpError('edge_low', 400)('low').status).toBe(400);
    expect(defineHttpError('edge_high', 599)('high').status).toBe(599);
  });

  it("refuses to redefine one of the kit's codes with another status, allows its own status", () => {
    expect(() => defineHttpError('not_found', 410)).toThrow(
      /"not_found" is one of the kit's codes, always answered with 404; it cannot be redefined with 410/,
    );
    expect(defineHttpError('not_found', 404)('gone').status).toBe(404);
  });

  it('never ends with an undefined status: a code that is not the kit’s needs one', () => {
    const make = () => new HttpError('made_up' as never, 'no status');
    expect(make).toThrow(RangeError);
    expect(make).toThrow(/"made_up" has no status: it is not one of the kit's codes/);
    // Not fooled by what every object has.
    expect(() => new HttpError('constructor' as never, 'no status')).toThrow(/has no status/);
    expect(() => new HttpError('odd', 'explicit', undefined, undefined, 700)).toThrow(RangeError);
  });
});
