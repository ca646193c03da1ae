import { parseArgs } from '../../src/lib/args';
import {
  parseConsumerPerformance,
  parseEndToEndLatency,
  parseProducerPerformance,
} from '../../src/lib/kafka-tools';
import { maxOf, percentile, perSecond, ratio, round } from '../../src/lib/stats';
import { renderTable } from '../../src/lib/table';
import type { BenchRow } from '../../src/lib/types';

describe('percentile', () => {
  it('takes the nearest rank of the sorted values', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
  });

  it('is NaN for no values and leaves its input unsorted', () => {
    expect(percentile([], 50)).toBeNaN();
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('maxOf', () => {
  it('takes the largest value, of a list too long to spread into Math.max', () => {
    expect(maxOf([3, -1, 7, 2])).toBe(7);
    const many = Array.from({ length: 300_000 }, (_, i) => i);
    expect(maxOf(many)).toBe(299_999);
    expect(maxOf([])).toBe(-Infinity);
  });
});

describe('rates and ratios', () => {
  it('counts per second', () => {
    expect(perSecond(500, 250)).toBe(2000);
    expect(perSecond(1, 0)).toBeNaN();
  });

  it('divides to two places, and has no ratio for a missing or zero figure', () => {
    expect(ratio(1500, 1000)).toBe(1.5);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(0, 3)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(Number.NaN, 3)).toBeUndefined();
  });

  it('rounds to three significant figures', () => {
    expect(round(1234.56)).toBe(1235);
    expect(round(12.345)).toBe(12.3);
    expect(round(0.012345)).toBe(0.0123);
    expect(round(0)).toBe(0);
  });
});

describe('renderTable', () => {
  const rows: BenchRow[] = [
    {
      scenario: 'pipeline',
      case: 'a',
      subject: 'contract-events',
      metric: 'throughput',
      value: 2345.678,
      unit: 'events/s',
    },
    {
      scenario: 'pipeline',
      case: 'a',
      subject: 'peer|x',
      metric: 'throughput',
      value: 1000,
      unit: 'events/s',
      ratio: 2.35,
      note: 'ours / this',
    },
  ];

  it('prints a padded Markdown table with rounded values, ratios and escaped pipes', () => {
    const lines = renderTable(rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^\| scenario +\| case +\| subject +\| metric +\| value +\| unit +\| ratio +\| note +\|$/,
    );
    expect(lines[1]).toMatch(/^\| -+ \| -+ /);
    expect(lines[2]).toContain('| 2346 ');
    expect(lines[3]).toContain('peer\\|x');
    expect(lines[3]).toContain('| 2.35x ');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe("Kafka's tools' output", () => {
  it('reads ProducerPerformance', () => {
    const out =
      '5000 records sent, 4520.8 records/sec (0.56 MB/sec), 120.3 ms avg latency, 401.0 ms max latency.\n' +
      '5000 records sent, 4520.795660 records/sec (0.56 MB/sec), 120.30 ms avg latency, 401.00 ms max latency, 118 ms 50th, 300 ms 95th, 390 ms 99th, 400 ms 99.9th.\n';
    expect(parseProducerPerformance(out)).toEqual({ recordsPerSec: 4520.79566, p50Ms: 118, p99Ms: 390 });
  });

  it('reads ConsumerPerformance', () => {
    const out =
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n' +
      '2026-11-30 02:05:10:000, 2026-11-30 02:05:12:000, 0.6, 0.3, 5000, 2500.0, 300, 1700, 0.35, 2941.2\n';
    expect(parseConsumerPerformance(out)).toEqual({ messagesPerSec: 2500, messages: 5000 });
  });

  it('reads EndToEndLatency', () => {
    const out = 'Avg latency: 2.1000 ms\nPercentiles: 50th = 2, 99th = 7, 99.9th = 12\n';
    expect(parseEndToEndLatency(out)).toEqual({ p50Ms: 2, p99Ms: 7 });
  });

  it('says so when the summary is missing', () => {
    expect(() => parseProducerPerformance('nothing')).toThrow(/no summary/);
  });
});

describe('parseArgs', () => {
  it('takes --quick and --only <known scenario>', () => {
    expect(parseArgs([], ['pipeline'])).toEqual({ quick: false });
    expect(parseArgs(['--quick', '--only', 'pipeline'], ['pipeline'])).toEqual({
      quick: true,
      only: 'pipeline',
    });
  });

  it('refuses an unknown scenario or argument', () => {
    expect(() => parseArgs(['--only', 'nope'], ['pipeline'])).toThrow(/one of pipeline/);
    expect(() => parseArgs(['--fast'], ['pipeline'])).toThrow(/unknown argument/);
  });
});
