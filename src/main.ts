import 'reflect-metadata';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config';

/** Starts the service; stops gracefully on SIGTERM or SIGINT. Problems with the setup are one line. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await startApp(config);
  let signals = 0;
  const shutdown = (signal: string) => {
    if (signals++ > 0) process.exit(1); // a second signal: stop now
    app.services.log.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err) => {
        app.services.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  if (err instanceof ConfigError) console.error(`corp-billing: ${err.message}`);
  else if (e?.code === 'EADDRINUSE') console.error(`corp-billing: port already in use (${e.message})`);
  else if (e?.code === 'ECONNREFUSED' || e?.code === 'ER_ACCESS_DENIED_ERROR' || e?.code === 'ER_BAD_DB_ERROR')
    console.error(`corp-billing: cannot open the database: ${e.message}`);
  else console.error(`corp-billing: failed to start: ${e?.message ?? String(err)}`);
  process.exit(1);
});
