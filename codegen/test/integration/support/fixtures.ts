import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** A fresh temporary directory, removed by the caller. */
export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Writes JSON files into `dir` (creating it). */
export function writeJsonFiles(dir: string, files: Record<string, unknown>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, value] of Object.entries(files)) {
    fs.writeFileSync(
      path.join(dir, name),
      typeof value === 'string' ? value : JSON.stringify(value, null, 2),
    );
  }
}

/** Runs a TypeScript entry point of this repo with tsx, as `npm run` would. */
export function runTsx(script: string, args: string[], cwd: string) {
  const result = spawnSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(REPO_ROOT, script), ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
      timeout: 60_000,
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: result.stdout + result.stderr,
  };
}

/** Like {@link runTsx} but without blocking, for tests that serve HTTP in this process. */
export function runTsxAsync(script: string, args: string[], cwd: string) {
  return new Promise<{ status: number | null; stdout: string; stderr: string; output: string }>(
    (resolve, reject) => {
      const child = spawn(
        path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(REPO_ROOT, script), ...args],
        {
          cwd,
          env: { ...process.env, FORCE_COLOR: '0' },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr, output: stdout + stderr }));
    },
  );
}

/** A schema exercising every mapping of the generator. */
export const kitchenSinkSchema = {
  type: 'record',
  name: 'KitchenSink',
  namespace: 'com.example.events',
  doc: 'Every Avro feature the generator maps.',
  fields: [
    { name: 'id', type: { type: 'string', logicalType: 'uuid' }, doc: 'Event id.' },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'at_micros', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    {
      name: 'price',
      type: { type: 'fixed', name: 'Money', size: 8, logicalType: 'decimal', precision: 10, scale: 2 },
    },
    { name: 'raw', type: 'bytes' },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } },
    { name: 'flag', type: 'boolean' },
    { name: 'count', type: 'int' },
    { name: 'big', type: 'long' },
    { name: 'ratio', type: 'float' },
    { name: 'score', type: 'double' },
    {
      name: 'status',
      type: { type: 'enum', name: 'Status', doc: 'Lifecycle state.', symbols: ['ACTIVE', 'CLOSED'] },
    },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counters', type: { type: 'map', values: 'long' } },
    { name: 'maybe_tags', type: { type: 'array', items: ['null', 'string'] } },
    {
      name: 'address',
      doc: 'Where it happened.\nSecond line of the doc.',
      type: {
        type: 'record',
        name: 'Address',
        doc: 'A postal address.',
        fields: [
          { name: 'city', type: 'string', doc: 'City name.' },
          { name: 'zip', type: ['null', 'string'], default: null },
        ],
      },
    },
    { name: 'previous_address', type: ['null', 'Address'], default: null },
    { name: 'note', type: ['null', 'string'], default: null },
    {
      name: 'payment',
      type: [
        { type: 'record', name: 'Card', fields: [{ name: 'last4', type: 'string' }] },
        { type: 'record', name: 'BankTransfer', fields: [{ name: 'iban', type: 'string' }] },
        'null',
      ],
    },
    { name: 'mixed', type: ['string', 'int', 'Status'] },
  ],
};

/** A second, minimal topic schema. */
export const pingSchema = {
  type: 'record',
  name: 'Ping',
  fields: [{ name: 'ping_id', type: 'string' }],
};

/** Writes a schemas dir with topics.json and the two schemas above. */
export function writeSchemasDir(dir: string): void {
  writeJsonFiles(dir, {
    'topics.json': {
      defaults: { compatibility: 'FULL_TRANSITIVE' },
      topics: {
        kitchen_sink: { schema: 'kitchen_sink.avsc', key: 'id' },
        ping: { schema: 'ping.avsc', key: 'ping_id' },
      },
    },
    'kitchen_sink.avsc': kitchenSinkSchema,
    'ping.avsc': pingSchema,
  });
}
