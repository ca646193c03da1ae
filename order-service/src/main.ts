import { createLogger } from '@contract-events/runtime';
import { createOrderService, SERVICE_NAME } from './app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    // No configured logger yet: log the problem (it names each bad variable) at the default level.
    createLogger(SERVICE_NAME, 'info').fatal({ err }, (err as Error).message);
    process.exit(1);
  }
  const logger = createLogger(SERVICE_NAME, config.logLevel);
  const service = createOrderService(config, { logger });
  try {
    await service.start();
  } catch (err) {
    logger.fatal({ err }, `order service failed to start: ${(err as Error).message}`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

void main();
