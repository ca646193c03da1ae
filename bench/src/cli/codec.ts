/**
 * Runs the codec scenario alone and prints its rows, for work on the codec:
 * `npx tsx bench/src/cli/codec.ts [--quick]`.
 */
import { codecScenario } from '../scenarios/codec';

async function main(): Promise<void> {
  const rows = await codecScenario({
    quick: process.argv.includes('--quick'),
    env: process.env,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.table(
    rows.map((r) => ({ case: r.case, subject: r.subject, value: r.value, unit: r.unit, ratio: r.ratio })),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
