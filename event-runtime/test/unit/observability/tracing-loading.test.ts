/**
 * With tracing off, `createTracing` does not load the OpenTelemetry SDK and its exporter (tracing-sdk.ts);
 * with it on, it does. Checked in a fresh `node --import tsx` process, whose module cache is node's own
 * (jest's registry would not say what a service process loads). No network: nothing is exported.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

/** The @opentelemetry packages a process has loaded after `createTracing(...)` with `args` (as source). */
function packagesLoadedBy(createTracingArgs: string): string[] {
  const script = `
    const { createTracing } = require('./event-runtime/src/observability/tracing');
    const { TRACING_DISABLED } = require('./event-runtime/src/config/tracing-config');
    const tracing = createTracing(${createTracingArgs});
    const loaded = new Set(Object.keys(require.cache)
      .map((file) => /node_modules\\/(@opentelemetry\\/[^/]+)\\//.exec(file)?.[1])
      .filter(Boolean));
    process.stdout.write(JSON.stringify({ enabled: tracing.enabled, loaded: [...loaded].sort() }));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`node exited ${run.status}: ${run.stderr}`);
  const { enabled, loaded } = JSON.parse(run.stdout) as { enabled: boolean; loaded: string[] };
  return enabled ? ['(enabled)', ...loaded] : loaded;
}

const SDK_PACKAGES = [
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/exporter-trace-otlp-http',
  '@opentelemetry/resources',
  '@opentelemetry/sdk-trace',
];

test('tracing off loads the API and the W3C propagator only', () => {
  const loaded = packagesLoadedBy('{ ...TRACING_DISABLED, serviceName: "test" }');
  expect(loaded).not.toContain('(enabled)');
  for (const name of SDK_PACKAGES) expect(loaded).not.toContain(name);
  expect(loaded).toEqual(expect.arrayContaining(['@opentelemetry/api', '@opentelemetry/core']));
});

test('tracing on (OTLP) loads the SDK and the exporter', () => {
  const loaded = packagesLoadedBy(
    '{ ...TRACING_DISABLED, exporter: "otlp", serviceName: "test", otlpTracesUrl: "http://127.0.0.1:9/v1/traces" }',
  );
  expect(loaded).toContain('(enabled)');
  expect(loaded).toEqual(expect.arrayContaining(SDK_PACKAGES));
});
