import {
  lowerEnvelope,
  metricValue,
  secondHalf,
  serviceSampleOf,
  slope,
  type Sample,
} from '../soak/soak-stats';

const metrics = [
  '# HELP process_resident_memory_bytes Resident memory size in bytes.',
  '# TYPE process_resident_memory_bytes gauge',
  'process_resident_memory_bytes{service="user-service"} 157286400',
  'process_resident_memory_bytes_extra{service="user-service"} 1',
  'nodejs_heap_size_used_bytes{service="user-service"} 41943040',
  'nodejs_heap_size_total_bytes{service="user-service"} 62914560',
  'nodejs_external_memory_bytes{service="user-service"} 6291456',
  'nodejs_active_handles_total{service="user-service"} 13',
  'process_open_fds{service="user-service"} 40',
  'consumer_lag{service="user-service",topic="order_created",partition="0"} 2',
  'consumer_lag{service="user-service",topic="order_created",partition="1"} 3',
].join('\n');

describe('the soak', () => {
  it('reads a metric, summed over its label sets, ignoring longer names with the same prefix', () => {
    expect(metricValue(metrics, 'process_resident_memory_bytes')).toBe(157286400);
    expect(metricValue(metrics, 'consumer_lag')).toBe(5);
    expect(metricValue(metrics, 'nodejs_gc_duration_seconds')).toBeUndefined();
  });

  it("turns a service's metrics into its sample, in MB", () => {
    expect(serviceSampleOf(metrics, 4)).toEqual({
      rssMb: 150,
      heapUsedMb: 40,
      heapTotalMb: 60,
      externalMb: 6,
      activeHandles: 13,
      openFds: 40,
      outboxBacklog: 4,
      consumerLag: 5,
    });
  });

  it('fits the least-squares slope', () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 2 * x + 7 })))).toBeCloseTo(2);
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 2 },
      ]),
    ).toBeCloseTo(0.5);
    expect(
      slope([
        { x: 0, y: 5 },
        { x: 1, y: 5 },
      ]),
    ).toBe(0);
    expect(slope([{ x: 0, y: 1 }])).toBeNaN();
    expect(
      slope([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toBeNaN();
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: Number.NaN },
        { x: 2, y: 3 },
      ]),
    ).toBeCloseTo(1);
  });

  it('fits on the second half of the load only: no idle baseline, no samples after it', () => {
    const at = (minute: number): Sample => ({ minute, requests: 0, services: {} });
    const minutes = [-0.01, 0, 2, 4.9, 5, 7, 10, 10.2].map(at);
    expect(secondHalf(minutes, 10).map((s) => s.minute)).toEqual([5, 7, 10]);
  });

  it("takes each minute's lowest value of a sawtooth", () => {
    const at = (minute: number, heap: number): Sample => ({
      minute,
      requests: 0,
      services: { s: { heapUsedMb: heap } as Sample['services'][string] },
    });
    const saw = [at(0.1, 40), at(0.5, 30), at(0.9, 60), at(1.2, 31), at(1.6, 70), at(2.4, 32)];
    expect(lowerEnvelope(saw, 's', 'heapUsedMb')).toEqual([
      { x: 0.5, y: 30 },
      { x: 1.2, y: 31 },
      { x: 2.4, y: 32 },
    ]);
  });
});
