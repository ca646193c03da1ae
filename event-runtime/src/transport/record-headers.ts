/**
 * Adds a record header read from Kafka to `out`, unless a header of that name came first (a repeated
 * header keeps its first value on both clients). Any name is kept as the header it is: a header named
 * `constructor` is not confused with Object.prototype's, and one named `__proto__` becomes a header,
 * not the object's prototype. Headers come from whoever produced the record.
 */
export function addFirstHeader(out: Record<string, string>, name: string, value: string): void {
  if (Object.hasOwn(out, name)) return;
  if (name === '__proto__') {
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    out[name] = value;
  }
}
