import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../common/logger';
import { startGateway } from '../gateway/gateway';
import type { Services } from '../modules/services';
import { createSchema } from '../schema';

/**
 * `npm run gateway`: serves the composed API through Hive Gateway (see
 * src/gateway/gateway.ts); stops gracefully on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // The API schema the limits measure: the same code-built schema as the single process (no services needed).
  const gateway = await startGateway(config, log, await createSchema({} as Services));
  log.info({ url: gateway.url, subgraphs: config.federation.gatewaySubgraphs }, 'corp-billing gateway is listening');
  let signals = 0;
  const shutdown = (signal: string) => {
    if (signals++ > 0) process.exit(1);
    log.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  if (err instanceof ConfigError) console.error(`corp-billing gateway: ${err.message}`);
  else if (e?.code === 'EADDRINUSE') console.error(`corp-billing gateway: port already in use (${e.message})`);
  else console.error(`corp-billing gateway: failed to start: ${e?.message ?? String(err)}`);
  process.exit(1);
});
