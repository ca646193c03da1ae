/**
 * The soak's arithmetic, pure so a unit test can check it: reading a service's Prometheus text, and the
 * least-squares slope of a series over time.
 */

/** One sample of one service. */
export interface ServiceSample {
  /** Resident set size (VmRSS), MB. */
  rssMb: number;
  /** V8 heap in use (live objects and garbage not yet collected), MB. */
  heapUsedMb: number;
  /** V8 heap reserved, MB: what the heap part of the resident memory can be. */
  heapTotalMb: number;
  /** Memory of C++ objects bound to JS objects, ArrayBuffers included, MB. */
  externalMb: number;
  /** libuv handles keeping the event loop alive (sockets, timers, servers). */
  activeHandles: number;
  openFds: number;
  /** Committed outbox rows not yet published (SQL count on the service's own database). */
  outboxBacklog: number;
  /** Messages its consumer group has not committed yet, summed over partitions. */
  consumerLag: number;
}

/** A line of the soak's table: the time since the load started and each service's figures. */
export interface Sample {
  /** Minutes since the load started; negative while the system was idle before it. */
  minute: number;
  /** Writes (users and orders) the load had sent so far. */
  requests: number;
  services: Record<string, ServiceSample>;
}

const MB = 1024 * 1024;

/**
 * The value of a metric in Prometheus text format, summed over its label sets (the services' default
 * labels differ only by `service`); undefined when the metric is absent.
 */
export function metricValue(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue; // a longer name with this prefix
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

/** A service's figures from its /metrics text and its outbox count. */
export function serviceSampleOf(metricsText: string, outboxBacklog: number): ServiceSample {
  const value = (name: string) => metricValue(metricsText, name) ?? Number.NaN;
  return {
    rssMb: value('process_resident_memory_bytes') / MB,
    heapUsedMb: value('nodejs_heap_size_used_bytes') / MB,
    heapTotalMb: value('nodejs_heap_size_total_bytes') / MB,
    externalMb: value('nodejs_external_memory_bytes') / MB,
    activeHandles: value('nodejs_active_handles_total'),
    openFds: value('process_open_fds'),
    outboxBacklog,
    consumerLag: metricValue(metricsText, 'consumer_lag') ?? Number.NaN,
  };
}

/** Ordinary least-squares slope of y over x (units of y per unit of x); NaN with fewer than 2 points. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const usable = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const n = usable.length;
  if (n < 2) return Number.NaN;
  const meanX = usable.reduce((s, p) => s + p.x, 0) / n;
  const meanY = usable.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of usable) {
    sxy += (p.x - meanX) * (p.y - meanY);
    sxx += (p.x - meanX) ** 2;
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** The samples of the second half of the load (after warm-up), which the slopes are fitted on. */
export function secondHalf(samples: readonly Sample[], loadMinutes: number): Sample[] {
  return samples.filter((s) => s.minute >= loadMinutes / 2 && s.minute <= loadMinutes);
}

/** Slope per minute of one figure of one service over `samples`. */
export function slopeOf(samples: readonly Sample[], service: string, figure: keyof ServiceSample): number {
  return slope(
    samples.flatMap((s) => {
      const of = s.services[service];
      return of ? [{ x: s.minute, y: of[figure] }] : [];
    }),
  );
}

/**
 * The lowest value of one figure in each window of `windowMinutes`: for the V8 heap, a sawtooth between
 * collections, the lows are what survived them, so their slope is the retained heap's growth.
 */
export function lowerEnvelope(
  samples: readonly Sample[],
  service: string,
  figure: keyof ServiceSample,
  windowMinutes = 1,
): { x: number; y: number }[] {
  const lows = new Map<number, { x: number; y: number }>();
  for (const s of samples) {
    const y = s.services[service]?.[figure];
    if (y === undefined || !Number.isFinite(y)) continue;
    const window = Math.floor(s.minute / windowMinutes);
    const low = lows.get(window);
    if (!low || y < low.y) lows.set(window, { x: s.minute, y });
  }
  return [...lows.values()];
}
