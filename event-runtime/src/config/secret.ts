import { inspect } from 'node:util';

const HIDDEN = '***';

/**
 * A secret setting (a password): its value comes out only through {@link Secret.reveal}, the one
 * call the code that needs it makes. Logged, serialised (JSON, pino), printed or inspected, it is
 * `***`, so a config object can be dumped, compared or put in an error's details without leaking it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value itself, for the one client that sends it (never for a log or a message). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return HIDDEN;
  }

  toJSON(): string {
    return HIDDEN;
  }

  [inspect.custom](): string {
    return `Secret(${HIDDEN})`;
  }
}
