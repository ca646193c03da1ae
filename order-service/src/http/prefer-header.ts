/**
 * The `wait` preference of a `Prefer` header (RFC 7240), in seconds, or undefined when absent or
 * malformed: a preference is a hint, so a bad one is ignored rather than refused.
 *
 * Several preferences may share a header (`respond-async, wait=5`) or come in repeated headers,
 * which Node joins with ", ". Parameters after `;` are ignored; the first valid `wait` wins.
 */
export function parsePreferWait(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const joined = Array.isArray(header) ? header.join(',') : header;
  for (const preference of joined.split(',')) {
    const [token = ''] = preference.split(';');
    const eq = token.indexOf('=');
    if (eq < 0) continue;
    if (token.slice(0, eq).trim().toLowerCase() !== 'wait') continue;
    let value = token.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    // Digits only: "1.5", "-1", "1e3" and "" are malformed. Capped so Number() stays exact.
    if (/^\d{1,9}$/.test(value)) return Number(value);
  }
  return undefined;
}
